package io.memcached4j.testkit;

import io.memcached4j.ServerAddress;
import io.memcached4j.testkit.server.Engine;
import io.memcached4j.testkit.server.EngineSettings;
import io.memcached4j.testkit.server.NioServer;
import io.memcached4j.testkit.server.ServerRegistry;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A fake memcached server for tests, in the spirit of OkHttp's {@code MockWebServer}: it speaks
 * the text protocol (classic and meta commands) as memcached 1.6.18 does, byte for byte, on a
 * loopback port, with time under the test's control.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * try (FakeMemcached memcached = FakeMemcached.builder().clock(clock).start()) {
 *     MemcachedClient client = Memcached.connect(memcached.address().toString());
 *     client.set("k", "v".getBytes(UTF_8), 0, 10);
 *     clock.advance(Duration.ofSeconds(11));
 *     assertTrue(client.get("k").isEmpty());
 * }
 * }</pre>
 *
 * <p>One NIO thread serves all connections; the cache is guarded by one lock. {@link #close()}
 * closes every connection and frees the port. While it runs, clients of the in-memory transport
 * ({@code inmem}) reach the same cache at {@link #address()} without a socket; see
 * {@link InMemoryServers}.
 */
public final class FakeMemcached implements AutoCloseable {
    private final NioServer server;
    private final Engine engine;
    private final String host;

    private FakeMemcached(Builder builder) {
        this.host = builder.host;
        EngineSettings settings = new EngineSettings(builder.version, builder.memoryLimit, builder.itemSizeMax,
                builder.maxConnections, builder.verbosity, builder.host, builder.port);
        this.engine = new Engine(settings, builder.clock);
        this.server = new NioServer(engine, new InetSocketAddress(builder.host, builder.port));
        engine.listeningOn(server.port());
        ServerRegistry.register(address(), engine);
    }

    /**
     * Starts a fake with the defaults: an ephemeral loopback port, 64 MiB, 1 MiB items, version
     * {@code 1.6.18}, the system clock.
     *
     * @return the running fake
     */
    public static FakeMemcached start() {
        return builder().start();
    }

    /** @return a builder for a configured fake */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the address clients connect to */
    public ServerAddress address() {
        return new ServerAddress(host, port());
    }

    /** @return the bound TCP port */
    public int port() {
        return server.port();
    }

    /** @return the number of items in the cache, including expired ones not yet reclaimed */
    public int itemCount() {
        return engine.itemCount();
    }

    /** Stops the server, closes every connection and frees the port. */
    @Override
    public void close() {
        ServerRegistry.unregister(address(), engine);
        server.close();
    }

    @Override
    public String toString() {
        return "FakeMemcached[" + address() + "]";
    }

    /** Configures a {@link FakeMemcached}; every setting has memcached's default. */
    public static final class Builder {
        private static final EngineSettings DEFAULTS = EngineSettings.defaults("127.0.0.1", 0);

        private String host = DEFAULTS.listenAddress();
        private int port = DEFAULTS.port();
        private String version = DEFAULTS.version();
        private long memoryLimit = DEFAULTS.maxBytes();
        private int itemSizeMax = DEFAULTS.itemSizeMax();
        private int maxConnections = DEFAULTS.maxConnections();
        private int verbosity = DEFAULTS.verbosity();
        private ServerClock clock = ServerClock.system();

        private Builder() {
        }

        /**
         * @param host the address to listen on (default {@code 127.0.0.1})
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * @param port the port to listen on; 0 (the default) picks a free ephemeral port
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param version the version string to answer, e.g. {@code "1.4.30"} to play an old server
         * @return this builder
         */
        public Builder version(String version) {
            if (version.isBlank() || version.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                throw new IllegalArgumentException("version must be printable ASCII without spaces: " + version);
            }
            this.version = version;
            return this;
        }

        /**
         * @param bytes the memory limit ({@code -m}); least recently used items are evicted beyond it
         * @return this builder
         */
        public Builder memoryLimit(long bytes) {
            if (bytes < 1024 * 1024) {
                throw new IllegalArgumentException("memory limit must be at least 1 MiB: " + bytes);
            }
            this.memoryLimit = bytes;
            return this;
        }

        /**
         * @param bytes the item size limit ({@code -I}), 1 KiB to 1 GiB
         * @return this builder
         */
        public Builder itemSizeMax(int bytes) {
            if (bytes < 1024 || bytes > 1024 * 1024 * 1024) {
                throw new IllegalArgumentException("item size limit must be between 1 KiB and 1 GiB: " + bytes);
            }
            this.itemSizeMax = bytes;
            return this;
        }

        /**
         * @param max the connection limit ({@code -c}); further clients get {@code ERROR Too many open connections}
         * @return this builder
         */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("connection limit must be positive: " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /**
         * @param level the initial verbosity ({@code -v}), reported by {@code stats settings}
         * @return this builder
         */
        public Builder verbosity(int level) {
            this.verbosity = Math.max(0, Math.min(level, 2));
            return this;
        }

        /**
         * @param clock the clock for expirations, {@code stats time} and metadump times
         * @return this builder
         */
        public Builder clock(ServerClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Binds the port and starts serving.
         *
         * @return the running fake
         * @throws java.io.UncheckedIOException when the port cannot be bound
         */
        public FakeMemcached start() {
            return new FakeMemcached(this);
        }
    }
}
