package io.memcached4j.cli;

import picocli.CommandLine.Option;

/** Which memcached to talk to: named servers, or an embedded fake (the demo data set, or empty). */
public final class TargetOptions {

    /** The environment variable read when {@code --servers} is absent. */
    public static final String SERVERS_ENV = "MEMCACHED4J_SERVERS";

    @Option(names = {"-s", "--servers"}, paramLabel = "host:port,...",
            description = "Servers to connect to (default: $" + SERVERS_ENV + ", then the config file, else the embedded demo fake).")
    public String servers;

    @Option(names = "--demo", description = "Run on an embedded fake filled with the demo data set (the default when no server is named).")
    public boolean demo;

    @Option(names = "--empty", description = "Run on an embedded, empty fake.")
    public boolean empty;
}
