package io.memcached4j.cli.target;

import io.memcached4j.cli.TargetOptions;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Decides the target from, in order: {@code --demo}/{@code --empty}, {@code --servers},
 * {@code $MEMCACHED4J_SERVERS}, {@code servers=} in the config file, else the demo.
 */
final class TargetResolver {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    /** What to open. */
    enum Kind { SERVERS, DEMO, EMPTY }

    /**
     * The decision.
     *
     * @param kind servers, demo or empty fake
     * @param servers the server list for {@link Kind#SERVERS}, else null
     * @param source where the server list came from ({@code --servers}, the variable, the file), or why the demo runs
     * @param timeout the operation timeout
     */
    record Resolved(Kind kind, String servers, String source, Duration timeout) {
    }

    private final Map<String, String> env;
    private final Path home;

    TargetResolver(Map<String, String> env, Path home) {
        this.env = Objects.requireNonNull(env, "env");
        this.home = Objects.requireNonNull(home, "home");
    }

    static TargetResolver system() {
        return new TargetResolver(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** @return where the config file is read from when {@code --config} is absent */
    Path defaultConfigFile() {
        String named = env.get(TargetOptions.CONFIG_ENV);
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
        return base.resolve("memcached4j").resolve("config.properties");
    }

    Resolved resolve(TargetOptions options) {
        if (options.demo && options.empty) {
            throw new IllegalArgumentException("--demo and --empty cannot be used together");
        }
        if ((options.demo || options.empty) && options.servers != null) {
            throw new IllegalArgumentException((options.demo ? "--demo" : "--empty")
                    + " runs an embedded fake: do not name servers with --servers as well");
        }
        Path configFile = options.config != null ? options.config : defaultConfigFile();
        Properties config = read(configFile, options.config != null || env.containsKey(TargetOptions.CONFIG_ENV));
        Duration timeout = timeout(options, config, configFile);
        if (options.demo) {
            return new Resolved(Kind.DEMO, null, "--demo", timeout);
        }
        if (options.empty) {
            return new Resolved(Kind.EMPTY, null, "--empty", timeout);
        }
        if (options.servers != null) {
            return new Resolved(Kind.SERVERS, requireServers(options.servers, "--servers"), "--servers", timeout);
        }
        String fromEnv = env.get(TargetOptions.SERVERS_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            String source = "$" + TargetOptions.SERVERS_ENV;
            return new Resolved(Kind.SERVERS, requireServers(fromEnv, source), source, timeout);
        }
        String fromFile = config.getProperty("servers");
        if (fromFile != null && !fromFile.isBlank()) {
            String source = "servers= in " + configFile;
            return new Resolved(Kind.SERVERS, requireServers(fromFile, source), source, timeout);
        }
        return new Resolved(Kind.DEMO, null, "no server named", timeout);
    }

    private static String requireServers(String servers, String source) {
        if (servers.isBlank()) {
            throw new IllegalArgumentException("no server in " + source);
        }
        return servers.trim();
    }

    private static Properties read(Path file, boolean mustExist) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            if (mustExist) {
                throw new IllegalArgumentException("config file " + file + " does not exist", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return properties;
    }

    private static Duration timeout(TargetOptions options, Properties config, Path configFile) {
        if (options.timeout != null) {
            return seconds(options.timeout, "--timeout");
        }
        String fromFile = config.getProperty("timeout");
        if (fromFile == null || fromFile.isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            return seconds(Double.parseDouble(fromFile.trim()), "timeout= in " + configFile);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("timeout= in " + configFile + " is not a number of seconds: \""
                    + fromFile.trim() + "\"", e);
        }
    }

    private static Duration seconds(double seconds, String source) {
        if (!(seconds > 0) || seconds > 86_400) {
            throw new IllegalArgumentException(source + " must be a number of seconds above 0 and at most 86400, was "
                    + seconds);
        }
        return Duration.ofNanos(Math.max(1_000_000L, Math.round(seconds * 1e9)));
    }
}
