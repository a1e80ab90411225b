package io.memcached4j.testkit;

import io.memcached4j.ServerAddress;
import io.memcached4j.testkit.internal.server.ClusterConfiguration;
import io.memcached4j.testkit.internal.server.ConnectionSecurity;
import io.memcached4j.testkit.internal.server.Engine;
import io.memcached4j.testkit.internal.server.EngineSettings;
import io.memcached4j.testkit.internal.server.NioServer;
import io.memcached4j.testkit.internal.server.SecurityFiles;
import io.memcached4j.testkit.internal.server.ServerRegistry;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

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
 * <p>One NIO thread serves all connections, like memcached's event loop, so the fake costs one
 * thread however many clients connect; the cache is guarded by one lock. {@link #close()}
 * closes every connection and frees the port. All methods are thread-safe.
 *
 * <p>Every request is recorded before it is executed: {@link #takeRequest()} and
 * {@link #requests()} let a test assert what its code sent. {@link #faults()} injects what a
 * real server rarely does on demand: slow or missing replies, errors, garbage, closed or refused
 * connections, and replies a client must not take for its request's (another key's, extra,
 * duplicated or split ones). In JUnit 5 tests, {@code @WithFakeMemcached} (module
 * {@code memcached-testkit-junit5}) starts and closes one per test (or per class) and injects it.
 *
 * <p>While it runs, clients of the in-memory transport ({@code inmem}) reach the same cache at
 * {@link #address()} without a socket, with the same faults and request log; see
 * {@link InMemoryServers}. The connection limit, {@link Faults#stopAccepting()}, TLS
 * ({@link Builder#tls}) and the login ({@link Builder#users}) apply to TCP connections only.
 *
 * <p>Like real memcached it answers {@code ERROR} to {@code config get cluster}, unless a test gives it
 * an ElastiCache cluster configuration ({@link Builder#clusterConfig}, {@link #clusterConfig(List)}):
 * then it answers as an ElastiCache configuration endpoint does, so a client's auto-discovery is
 * tested without AWS, cluster changes included.
 */
public final class FakeMemcached implements AutoCloseable {
    private final NioServer server;
    private final ServerRegistry.Server inMemory;
    private final Engine engine;
    private final String host;
    private final RequestLog log;
    private final Faults faults;

    private FakeMemcached(Builder builder) {
        this.host = builder.host;
        ConnectionSecurity security = new ConnectionSecurity(builder.tls, builder.sslVerifyMode, builder.users,
                new ConnectionSecurity.Files(builder.sslChainCert, builder.sslKey, builder.sslCaCert, builder.authFile));
        EngineSettings settings = new EngineSettings(builder.version, builder.memoryLimit, builder.itemSizeMax,
                builder.maxConnections, builder.verbosity, builder.host, builder.port, security);
        this.engine = new Engine(settings, builder.clock);
        this.log = new RequestLog(builder.requestLogCapacity);
        this.faults = new Faults(accept -> server().accepting(accept));
        FakeHooks hooks = new FakeHooks(log, faults);
        this.server = new NioServer(engine, new InetSocketAddress(builder.host, builder.port), hooks, security);
        engine.listeningOn(server.port());
        if (builder.clusterNodes != null) {
            engine.clusterConfiguration(new ClusterConfiguration(1, builder.clusterNodes));
        }
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

    /** @return the faults this fake injects; none until a test adds some */
    public Faults faults() {
        return faults;
    }

    /**
     * Removes and returns the oldest request not yet taken, waiting up to 10 seconds for one.
     *
     * @return the request
     * @throws IllegalStateException when no request arrives in time
     * @throws InterruptedException when interrupted while waiting
     */
    public RecordedRequest takeRequest() throws InterruptedException {
        return takeRequest(Duration.ofSeconds(10));
    }

    /**
     * Removes and returns the oldest request not yet taken, waiting for one.
     *
     * @param timeout how long to wait
     * @return the request
     * @throws IllegalStateException when no request arrives in time
     * @throws InterruptedException when interrupted while waiting
     */
    public RecordedRequest takeRequest(Duration timeout) throws InterruptedException {
        return pollRequest(timeout).orElseThrow(
                () -> new IllegalStateException("no request received within " + timeout));
    }

    /**
     * Removes and returns the oldest request not yet taken, if one arrives in time; with
     * {@link Duration#ZERO}, only one already received.
     *
     * @param timeout how long to wait
     * @return the request, or empty
     * @throws InterruptedException when interrupted while waiting
     */
    public Optional<RecordedRequest> pollRequest(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(log.take(timeout));
    }

    /** @return every request recorded (the most recent {@link Builder#requestLogCapacity(int)}), oldest first, taken or not */
    public List<RecordedRequest> requests() {
        return log.snapshot();
    }

    /** @return the number of requests received since the start or {@link #clearRequests()}, recorded or not */
    public long requestCount() {
        return log.count();
    }

    /** Forgets the recorded requests and resets {@link #requestCount()}, e.g. between tests sharing a fake. */
    public void clearRequests() {
        log.clear();
    }

    /**
     * Answers {@code config get cluster} with these nodes from now on, under the next configuration
     * version (1 when none was set), as ElastiCache does when its cluster changes.
     *
     * @param nodes the cluster's nodes, at least one
     * @return the version they are answered under
     * @throws IllegalArgumentException when the list is empty
     */
    public long clusterConfig(List<ServerAddress> nodes) {
        synchronized (engine) {
            ClusterConfiguration current = engine.clusterConfiguration();
            long version = current == null ? 1 : current.version() + 1;
            engine.clusterConfiguration(new ClusterConfiguration(version, nodes));
            return version;
        }
    }

    /**
     * Answers {@code config get cluster} with these nodes under this version, which may be older than
     * the last one: to test a client that must ignore it.
     *
     * @param version the configuration version, 0 or more
     * @param nodes the cluster's nodes, at least one
     * @throws IllegalArgumentException when the version is negative or the list empty
     */
    public void clusterConfig(long version, List<ServerAddress> nodes) {
        engine.clusterConfiguration(new ClusterConfiguration(version, nodes));
    }

    /** Answers {@code config get cluster} with {@code ERROR} again, as memcached does (the default). */
    public void clearClusterConfig() {
        engine.clusterConfiguration(null);
    }

    /** @return the version {@code config get cluster} answers with; empty while it answers {@code ERROR} */
    public OptionalLong clusterConfigVersion() {
        ClusterConfiguration current = engine.clusterConfiguration();
        return current == null ? OptionalLong.empty() : OptionalLong.of(current.version());
    }

    /** @return the number of items in the cache, including expired ones not yet reclaimed */
    public int itemCount() {
        return engine.itemCount();
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

    private NioServer server() {
        return server;
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
        private int requestLogCapacity = 10_000;
        private SSLContext tls;
        private int sslVerifyMode;
        private String sslChainCert;
        private String sslKey;
        private String sslCaCert;
        private Map<String, String> users;
        private String authFile;
        private List<ServerAddress> clusterNodes;

        private Builder() {
        }

        /**
         * Answers {@code config get cluster} as an ElastiCache configuration endpoint, with these nodes
         * under version 1; change them later with {@link FakeMemcached#clusterConfig(List)}.
         *
         * @param nodes the cluster's nodes, at least one
         * @return this builder
         * @throws IllegalArgumentException when the list is empty
         */
        public Builder clusterConfig(List<ServerAddress> nodes) {
            this.clusterNodes = new ClusterConfiguration(1, nodes).nodes();
            return this;
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
         * @param requests how many of the most recent requests the request log keeps (default 10 000);
         *                 0 records none, {@link FakeMemcached#requestCount()} still counts them
         * @return this builder
         */
        public Builder requestLogCapacity(int requests) {
            if (requests < 0) {
                throw new IllegalArgumentException("negative request log capacity: " + requests);
            }
            this.requestLogCapacity = requests;
            return this;
        }

        /**
         * Requires TLS on every TCP connection, as memcached {@code -Z} does; see
         * {@link io.memcached4j.testkit.tls.TlsMaterial#serverSslContext()} for a context made on the spot.
         *
         * @param serverContext the server's certificate and key (and the CAs it trusts for client certificates)
         * @return this builder
         */
        public Builder tls(SSLContext serverContext) {
            this.tls = Objects.requireNonNull(serverContext, "serverContext");
            this.sslChainCert = null;
            this.sslKey = null;
            this.sslCaCert = null;
            return this;
        }

        /**
         * Requires TLS on every TCP connection with memcached's files, as {@code -Z -o
         * ssl_chain_cert=...,ssl_key=...[,ssl_ca_cert=...]} does; {@code stats settings} names them
         * as memcached does (after {@link #tls(SSLContext)} it reports {@code (null)}).
         *
         * @param chainCert the server's certificate, then its issuers (PEM)
         * @param key the server's private key (PEM, PKCS#8)
         * @param caCert the CAs trusted for client certificates (PEM), or null
         * @return this builder
         * @throws IllegalArgumentException when a file cannot be read or parsed, saying which
         */
        public Builder tls(Path chainCert, Path key, Path caCert) {
            tls(SecurityFiles.serverContext(chainCert, key, caCert));
            this.sslChainCert = chainCert.toString();
            this.sslKey = key.toString();
            this.sslCaCert = caCert == null ? null : caCert.toString();
            return this;
        }

        /**
         * Verifies client certificates, as memcached's {@code ssl_verify_mode} does (needs {@link #tls}).
         *
         * @param mode 0 none (the default), 1 asks for one, 2 and 3 require one
         * @return this builder
         */
        public Builder sslVerifyMode(int mode) {
            if (mode < 0 || mode > 3) {
                throw new IllegalArgumentException("ssl_verify_mode must be 0 to 3: " + mode);
            }
            this.sslVerifyMode = mode;
            return this;
        }

        /**
         * Requires the text-protocol login of every TCP connection, as memcached {@code -Y} does,
         * answering as memcached 1.6.18 does.
         *
         * @param passwords the passwords by user name, at least one
         * @return this builder
         */
        public Builder users(Map<String, String> passwords) {
            if (passwords.isEmpty()) {
                throw new IllegalArgumentException("users needs at least one user");
            }
            this.users = Map.copyOf(passwords);
            this.authFile = null;
            return this;
        }

        /**
         * Requires the login of every TCP connection with the users of a memcached auth file ({@code -Y}).
         *
         * @param file lines of {@code user:password}
         * @return this builder
         */
        public Builder authFile(Path file) {
            users(SecurityFiles.authFile(file));
            this.authFile = file.toString();
            return this;
        }

        /**
         * Binds the port and starts serving.
         *
         * @return the running fake
         * @throws java.io.UncheckedIOException when the port cannot be bound
         * @throws IllegalArgumentException when {@link #sslVerifyMode} is set without {@link #tls}
         */
        public FakeMemcached start() {
            return new FakeMemcached(this);
        }
    }
}
