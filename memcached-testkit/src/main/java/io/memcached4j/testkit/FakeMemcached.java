package io.memcached4j.testkit;

import io.memcached4j.ServerAddress;
import io.memcached4j.protocol.text.server.ServerRequest;
import io.memcached4j.testkit.server.Engine;
import io.memcached4j.testkit.server.EngineSettings;
import io.memcached4j.testkit.server.Interceptor;
import io.memcached4j.testkit.server.NioServer;
import io.memcached4j.testkit.server.ServerRegistry;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 * <p>It also does what a real server cannot: inject faults ({@link #fault(String, Fault)}),
 * refuse or cut connections, and record what it received ({@link #takeRequest(Duration)}).
 * In JUnit 5 tests, {@link io.memcached4j.testkit.junit.WithFakeMemcached} starts and closes one per test.
 *
 * <p>One NIO thread serves all connections, like memcached's event loop, so the fake costs one
 * thread however many clients connect; the cache is guarded by one lock. {@link #close()}
 * closes every connection and frees the port. All methods are thread-safe.
 *
 * <p>While it runs, clients of the in-memory transport ({@code inmem}) reach the same cache at
 * {@link #address()} without a socket, with the same faults and request log; see
 * {@link InMemoryServers}. The connection limit applies to TCP connections only.
 */
public final class FakeMemcached implements AutoCloseable {
    /** The request log keeps this many most recent requests. */
    public static final int REQUEST_LOG_CAPACITY = 10_000;

    private final NioServer server;
    private final ServerRegistry.Server inMemory;
    private final Engine engine;
    private final String host;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final LinkedBlockingDeque<RecordedRequest> log = new LinkedBlockingDeque<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean refuse;
    private volatile long closeAfterRequests;
    private volatile long closeAfterBytes;

    /** A fault for a command word ({@code "*"} for all), forever or a number of times. */
    private record Rule(String command, Fault fault, AtomicInteger remaining) {
        boolean matches(ServerRequest request) {
            return (command.equals("*") || command.equals(request.command()))
                    && (remaining == null || remaining.getAndDecrement() > 0);
        }
    }

    /** Connects the server to the fault rules and the request log. */
    private final class Hooks implements Interceptor {
        @Override
        public Action intercept(long connection, ServerRequest request) {
            log.addLast(new RecordedRequest(connection, sequence.incrementAndGet(), request));
            while (log.size() > REQUEST_LOG_CAPACITY) {
                log.pollFirst();
            }
            for (Rule rule : rules) {
                if (rule.matches(request)) {
                    return rule.fault().action();
                }
            }
            return null;
        }

        @Override
        public boolean refuseConnections() {
            return refuse;
        }

        @Override
        public long closeAfterRequests() {
            return closeAfterRequests;
        }

        @Override
        public long closeAfterBytes() {
            return closeAfterBytes;
        }
    }

    private FakeMemcached(Builder builder) {
        this.host = builder.host;
        EngineSettings settings = new EngineSettings(builder.version, builder.memoryLimit, builder.itemSizeMax,
                builder.maxConnections, builder.verbosity, builder.host, builder.port);
        this.engine = new Engine(settings, builder.clock);
        Hooks hooks = new Hooks();
        this.server = new NioServer(engine, new InetSocketAddress(builder.host, builder.port), hooks);
        engine.listeningOn(server.port());
        this.inMemory = new ServerRegistry.Server(engine, hooks);
        ServerRegistry.register(address(), inMemory);
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

    /**
     * Applies a fault to every request with this command word from now on.
     *
     * @param command a command word ({@code "get"}, {@code "set"}, {@code "mg"}, ...) or {@code "*"} for all
     * @param fault what to do
     * @return this fake
     */
    public FakeMemcached fault(String command, Fault fault) {
        rules.add(new Rule(Objects.requireNonNull(command, "command"), Objects.requireNonNull(fault, "fault"), null));
        return this;
    }

    /**
     * Applies a fault to the next request with this command word only.
     *
     * @param command a command word or {@code "*"}
     * @param fault what to do
     * @return this fake
     */
    public FakeMemcached faultOnce(String command, Fault fault) {
        rules.add(new Rule(Objects.requireNonNull(command, "command"), Objects.requireNonNull(fault, "fault"),
                new AtomicInteger(1)));
        return this;
    }

    /**
     * Removes every fault and connection limit; the fake answers normally again.
     *
     * @return this fake
     */
    public FakeMemcached clearFaults() {
        rules.clear();
        refuse = false;
        closeAfterRequests = 0;
        closeAfterBytes = 0;
        return this;
    }

    /**
     * Closes new connections as soon as they are accepted (clients see the connection closed).
     *
     * @param refuseConnections true to refuse, false to accept again
     * @return this fake
     */
    public FakeMemcached refuseConnections(boolean refuseConnections) {
        this.refuse = refuseConnections;
        return this;
    }

    /**
     * Closes each connection when it sends request number {@code requests + 1}, without answering it.
     *
     * @param requests requests answered per connection; 0 for no limit
     * @return this fake
     */
    public FakeMemcached closeConnectionsAfterRequests(long requests) {
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative: " + requests);
        }
        this.closeAfterRequests = requests;
        return this;
    }

    /**
     * Closes each connection once it has sent this many bytes.
     *
     * @param bytes bytes received per connection; 0 for no limit
     * @return this fake
     */
    public FakeMemcached closeConnectionsAfterBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        this.closeAfterBytes = bytes;
        return this;
    }

    /**
     * Takes the oldest request not taken yet, waiting for one to arrive.
     *
     * @param timeout how long to wait
     * @return the request, or null when none arrived in time
     * @throws InterruptedException when interrupted while waiting
     */
    public RecordedRequest takeRequest(Duration timeout) throws InterruptedException {
        return log.pollFirst(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** @return the requests not taken yet (at most {@link #REQUEST_LOG_CAPACITY}), oldest first */
    public List<RecordedRequest> requests() {
        return new ArrayList<>(log);
    }

    /** @return the number of requests received since the start, including those that got a fault */
    public long requestCount() {
        return sequence.get();
    }

    /** Stops the server, closes every connection and frees the port. */
    @Override
    public void close() {
        ServerRegistry.unregister(address(), inMemory);
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
