package io.memcached4j.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Which memcached to talk to: named servers, or an embedded fake (the demo data set, or empty).
 * Given before a subcommand ({@code memcached4j --servers h:p keys}) or after it
 * ({@code memcached4j keys --servers h:p}); after wins.
 */
public final class TargetOptions {

    /** The environment variable read when {@code --servers} is absent. */
    public static final String SERVERS_ENV = "MEMCACHED4J_SERVERS";

    /** The environment variable naming the config file, instead of the default location. */
    public static final String CONFIG_ENV = "MEMCACHED4J_CONFIG";

    @Option(names = {"-s", "--servers"}, paramLabel = "host:port,...",
            description = "Servers to connect to (default: $" + SERVERS_ENV + ", then servers= in the config file,"
                    + " else the embedded demo fake).")
    public String servers;

    @Option(names = "--demo", description = "Run on an embedded fake filled with the demo data set"
            + " (the default when no server is named).")
    public boolean demo;

    @Option(names = "--empty", description = "Run on an embedded, empty fake.")
    public boolean empty;

    @Option(names = "--config", paramLabel = "FILE", description = "The config file (default: $" + CONFIG_ENV
            + ", else $XDG_CONFIG_HOME/memcached4j/config.properties, else ~/.config/memcached4j/config.properties).")
    public Path config;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Operation timeout in seconds, fractions allowed (default: timeout= in the config file, else 1).")
    public Double timeout;

    /**
     * Combines options given before a subcommand with those given after it.
     *
     * @param after the options given after the subcommand; each one set there wins
     * @return the combined options
     */
    public TargetOptions overriddenBy(TargetOptions after) {
        TargetOptions combined = new TargetOptions();
        combined.servers = after.servers != null ? after.servers : servers;
        combined.demo = demo || after.demo;
        combined.empty = empty || after.empty;
        combined.config = after.config != null ? after.config : config;
        combined.timeout = after.timeout != null ? after.timeout : timeout;
        return combined;
    }
}
