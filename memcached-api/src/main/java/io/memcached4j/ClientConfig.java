package io.memcached4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a transport needs to open a client. Immutable; made with {@link #builder()}.
 *
 * <p>Defaults: operation timeout 1 s, connect timeout 1 s, {@value #DEFAULT_CONNECTIONS_PER_SERVER}
 * connections per server, 1,024 requests in flight per connection, item size limit 1 MiB
 * (memcached's default), {@value #DEFAULT_IO_THREADS} I/O threads, reconnect backoff from 50 ms up
 * to 5 s, and the transport chosen as {@link Memcached} describes; plain TCP (no {@link #tls()}) and
 * no login ({@link #credentials()}), no {@link #listeners()}, no server discovery ({@link #hasDiscovery()}).
 */
public final class ClientConfig {
    /** memcached's default item size limit, 1 MiB. */
    public static final int DEFAULT_ITEM_SIZE_LIMIT = 1024 * 1024;
    /**
     * Two connections per server by default: memcached serves each connection on one of its worker
     * threads, so a single connection would hold a client to one thread of the server.
     */
    public static final int DEFAULT_CONNECTIONS_PER_SERVER = 2;
    /**
     * Two I/O threads by default, so that two connections are read and decoded in parallel; a
     * transport runs no more I/O threads than it has connections.
     */
    public static final int DEFAULT_IO_THREADS = 2;
    /** How often server discovery polls by default, in seconds: 60, as the ElastiCache cluster client does. */
    public static final int DEFAULT_DISCOVERY_SECONDS = 60;

    private final List<ServerAddress> servers;
    private final String transport;
    private final Duration operationTimeout;
    private final Duration connectTimeout;
    private final int connectionsPerServer;
    private final int maxRequestsInFlight;
    private final int itemSizeLimit;
    private final int ioThreads;
    private final Duration reconnectDelayMin;
    private final Duration reconnectDelayMax;
    private final TlsConfig tls;
    private final Credentials credentials;
    private final List<ClientListener> listeners;
    private final ClientListener listener;
    private final ServerAddress elastiCacheEndpoint;
    private final List<ServerAddress> dnsGroups;
    private final Duration discoveryInterval;
    private final HostResolver hostResolver;

    private ClientConfig(Builder b) {
        this.servers = b.servers == null ? List.of() : List.copyOf(b.servers);
        this.elastiCacheEndpoint = b.elastiCacheEndpoint;
        this.dnsGroups = List.copyOf(b.dnsGroups);
        if (elastiCacheEndpoint != null && (!servers.isEmpty() || !dnsGroups.isEmpty())) {
            throw new IllegalArgumentException("an ElastiCache configuration endpoint (" + elastiCacheEndpoint
                    + ") names every server: set no servers and no DNS group with it");
        }
        if (servers.isEmpty() && elastiCacheEndpoint == null && dnsGroups.isEmpty()) {
            throw new IllegalArgumentException("a ClientConfig needs at least one server, DNS group or ElastiCache "
                    + "configuration endpoint");
        }
        if (new HashSet<>(servers).size() != servers.size()) {
            throw new IllegalArgumentException("a server is listed twice in " + servers);
        }
        this.discoveryInterval = b.discoveryInterval;
        this.hostResolver = b.hostResolver;
        this.transport = b.transport;
        this.operationTimeout = b.operationTimeout;
        this.connectTimeout = b.connectTimeout;
        this.connectionsPerServer = b.connectionsPerServer;
        this.maxRequestsInFlight = b.maxRequestsInFlight;
        this.itemSizeLimit = b.itemSizeLimit;
        this.ioThreads = b.ioThreads;
        if (b.reconnectDelayMin.compareTo(b.reconnectDelayMax) > 0) {
            throw new IllegalArgumentException("reconnectDelayMin " + b.reconnectDelayMin
                    + " is greater than reconnectDelayMax " + b.reconnectDelayMax);
        }
        this.reconnectDelayMin = b.reconnectDelayMin;
        this.reconnectDelayMax = b.reconnectDelayMax;
        this.tls = b.tls;
        this.credentials = b.credentials;
        this.listeners = List.copyOf(b.listeners);
        this.listener = listeners.isEmpty() ? null : new ClientListeners(listeners);
    }

    /**
     * Starts a builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder with this configuration's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.servers = servers.isEmpty() ? null : servers;
        return builder
                .transport(transport)
                .operationTimeout(operationTimeout)
                .connectTimeout(connectTimeout)
                .connectionsPerServer(connectionsPerServer)
                .maxRequestsInFlight(maxRequestsInFlight)
                .itemSizeLimit(itemSizeLimit)
                .ioThreads(ioThreads)
                .reconnectDelay(reconnectDelayMin, reconnectDelayMax)
                .tls(tls)
                .credentials(credentials)
                .listeners(listeners)
                .discovery(elastiCacheEndpoint, dnsGroups, discoveryInterval, hostResolver);
    }

    /**
     * Returns the servers the client opens with, in the order given. Empty only when the servers
     * come from discovery alone ({@link #elastiCacheEndpoint()}, {@link #dnsGroups()}); the client's
     * current list is {@link MemcachedClient#servers()}.
     *
     * @return the servers set on the builder
     */
    public List<ServerAddress> servers() {
        return servers;
    }

    /**
     * Returns the ElastiCache configuration endpoint whose {@code config get cluster} names the
     * client's servers, polled every {@link #discoveryInterval()}.
     *
     * @return the endpoint; empty when the client does not use ElastiCache auto-discovery (the default)
     */
    public Optional<ServerAddress> elastiCacheEndpoint() {
        return Optional.ofNullable(elastiCacheEndpoint);
    }

    /**
     * Returns the DNS server groups: host names each of whose addresses is a server (at the group's
     * port), resolved with {@link #hostResolver()} every {@link #discoveryInterval()}.
     *
     * @return the groups as {@code host:port}; empty when none (the default)
     */
    public List<ServerAddress> dnsGroups() {
        return dnsGroups;
    }

    /**
     * Returns how often server discovery (ElastiCache or DNS groups) asks again for the server list.
     *
     * @return the interval, {@value #DEFAULT_DISCOVERY_SECONDS} s by default
     */
    public Duration discoveryInterval() {
        return discoveryInterval;
    }

    /**
     * Returns the resolver DNS server groups use.
     *
     * @return the resolver; {@link HostResolver#system()} by default
     */
    public HostResolver hostResolver() {
        return hostResolver;
    }

    /** @return whether the server list comes, at least in part, from discovery that is polled */
    public boolean hasDiscovery() {
        return elastiCacheEndpoint != null || !dnsGroups.isEmpty();
    }

    /** @return the transport asked for by name, empty to let {@link Memcached} choose */
    public Optional<String> transport() {
        return Optional.ofNullable(transport);
    }

    /** @return how long an operation may take before it fails with {@link MemcachedTimeoutException} */
    public Duration operationTimeout() {
        return operationTimeout;
    }

    /** @return how long connecting to a server may take */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Returns how many connections the client opens to each server. Requests about one key reach
     * the server in the order they were sent: asynchronous ones take the connection their key hashes
     * to, and a blocking one takes it too while asynchronous requests are in flight there; otherwise
     * a blocking request, like a multi-key one, takes the least busy connection.
     *
     * @return the number of connections per server
     */
    public int connectionsPerServer() {
        return connectionsPerServer;
    }

    /**
     * Returns the most requests awaiting a reply on one connection. Past it, an asynchronous call
     * fails at once with {@link BackpressureException} and a blocking call waits for a slot up to its
     * timeout, then fails with {@link MemcachedTimeoutException}.
     *
     * @return the limit per connection
     */
    public int maxRequestsInFlight() {
        return maxRequestsInFlight;
    }

    /** @return the largest value the client sends or accepts, in bytes */
    public int itemSizeLimit() {
        return itemSizeLimit;
    }

    /** @return how many I/O threads (event loops) the transport runs at most; never more than its connections */
    public int ioThreads() {
        return ioThreads;
    }

    /** @return the first delay before reconnecting to a server that went away */
    public Duration reconnectDelayMin() {
        return reconnectDelayMin;
    }

    /** @return the cap of the exponential reconnect delay */
    public Duration reconnectDelayMax() {
        return reconnectDelayMax;
    }

    /** @return how to speak TLS to the servers; empty for plain TCP */
    public Optional<TlsConfig> tls() {
        return Optional.ofNullable(tls);
    }

    /**
     * Returns the login for servers that require one (memcached's {@code -Y}): each new connection
     * authenticates before any request goes out on it.
     *
     * @return the credentials; empty to send none
     */
    public Optional<Credentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /**
     * Returns the listeners that hear this client's requests and connection events, in the order added.
     *
     * @return the listeners; empty when none (the default), so nothing is recorded
     */
    public List<ClientListener> listeners() {
        return listeners;
    }

    /**
     * Returns the {@link #listeners()} as one listener, for transports: it calls each in order and
     * logs, instead of passing on, an exception a listener throws.
     *
     * @return the combined listener; empty when there is none
     */
    public Optional<ClientListener> listener() {
        return Optional.ofNullable(listener);
    }

    @Override
    public String toString() {
        return "ClientConfig[servers=" + servers + ", transport=" + transport
                + ", operationTimeout=" + operationTimeout + ", connectTimeout=" + connectTimeout
                + ", connectionsPerServer=" + connectionsPerServer + ", maxRequestsInFlight=" + maxRequestsInFlight
                + ", itemSizeLimit=" + itemSizeLimit + ", ioThreads=" + ioThreads
                + ", reconnectDelay=" + reconnectDelayMin + ".." + reconnectDelayMax
                + (tls == null ? "" : ", tls=" + tls) + (credentials == null ? "" : ", credentials=" + credentials)
                + (listeners.isEmpty() ? "" : ", listeners=" + listeners)
                + (elastiCacheEndpoint == null ? "" : ", elastiCacheEndpoint=" + elastiCacheEndpoint)
                + (dnsGroups.isEmpty() ? "" : ", dnsGroups=" + dnsGroups)
                + (hasDiscovery() ? ", discoveryInterval=" + discoveryInterval : "") + "]";
    }

    /** Builds a {@link ClientConfig}; every setter checks its argument at once. */
    public static final class Builder {
        private List<ServerAddress> servers;
        private String transport;
        private Duration operationTimeout = Duration.ofSeconds(1);
        private Duration connectTimeout = Duration.ofSeconds(1);
        private int connectionsPerServer = DEFAULT_CONNECTIONS_PER_SERVER;
        private int maxRequestsInFlight = 1024;
        private int itemSizeLimit = DEFAULT_ITEM_SIZE_LIMIT;
        private int ioThreads = DEFAULT_IO_THREADS;
        private Duration reconnectDelayMin = Duration.ofMillis(50);
        private Duration reconnectDelayMax = Duration.ofSeconds(5);
        private TlsConfig tls;
        private Credentials credentials;
        private final List<ClientListener> listeners = new ArrayList<>();
        private ServerAddress elastiCacheEndpoint;
        private final List<ServerAddress> dnsGroups = new ArrayList<>();
        private Duration discoveryInterval = Duration.ofSeconds(DEFAULT_DISCOVERY_SECONDS);
        private HostResolver hostResolver = HostResolver.system();

        private Builder() {
        }

        private Builder discovery(ServerAddress endpoint, List<ServerAddress> groups, Duration interval,
                                  HostResolver resolver) {
            this.elastiCacheEndpoint = endpoint;
            this.dnsGroups.clear();
            this.dnsGroups.addAll(groups);
            this.discoveryInterval = interval;
            this.hostResolver = resolver;
            return this;
        }

        /**
         * Takes the servers from an AWS ElastiCache (memcached) cluster's configuration endpoint: the
         * client asks it {@code config get cluster} when it opens (and fails to open when it cannot
         * tell the nodes), then every {@link #discoveryInterval}, and applies each newer configuration
         * version as {@link MemcachedClient#updateServers} does. No {@link #servers} with it.
         *
         * @param configEndpoint {@code host:port} of the configuration endpoint
         * @return this builder
         * @throws IllegalArgumentException when the text is not an address
         */
        public Builder elastiCache(String configEndpoint) {
            this.elastiCacheEndpoint = ServerAddress.parse(configEndpoint);
            return this;
        }

        /**
         * Adds a DNS server group (opt-in): each address the host name resolves to is a server at the
         * group's port, resolved when the client opens and again every {@link #discoveryInterval}; the
         * client's list is the {@link #servers} set here plus every group's addresses. A name that
         * fails to resolve later keeps its last addresses.
         *
         * @param hostAndPort the name and port, such as {@code memcached.internal:11211}
         * @return this builder
         * @throws IllegalArgumentException when the text is not an address or the group is added twice
         */
        public Builder dnsGroup(String hostAndPort) {
            ServerAddress group = ServerAddress.parse(hostAndPort);
            if (dnsGroups.contains(group)) {
                throw new IllegalArgumentException("DNS group " + group + " is added twice");
            }
            dnsGroups.add(group);
            return this;
        }

        /**
         * Sets how often server discovery asks again for the server list.
         *
         * @param interval positive; {@value ClientConfig#DEFAULT_DISCOVERY_SECONDS} s by default
         * @return this builder
         */
        public Builder discoveryInterval(Duration interval) {
            this.discoveryInterval = positive(interval, "discoveryInterval");
            return this;
        }

        /**
         * Sets the resolver of DNS server groups, for tests or a resolver of your own.
         *
         * @param resolver the resolver; {@link HostResolver#system()} by default
         * @return this builder
         */
        public Builder hostResolver(HostResolver resolver) {
            this.hostResolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * Sets the servers from text such as {@code "127.0.0.1:11211,127.0.0.1:11212"}.
         *
         * @param servers the addresses, separated by commas or whitespace
         * @return this builder
         */
        public Builder servers(String servers) {
            this.servers = ServerAddress.parseList(servers);
            return this;
        }

        /**
         * Sets the servers.
         *
         * @param servers the addresses, at least one
         * @return this builder
         */
        public Builder servers(List<ServerAddress> servers) {
            Objects.requireNonNull(servers, "servers");
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("servers must not be empty");
            }
            this.servers = List.copyOf(servers);
            return this;
        }

        /**
         * Names the transport to use, such as {@code nio} or {@code inmem}; null lets
         * {@link Memcached} choose.
         *
         * @param transport the provider name, or null
         * @return this builder
         */
        public Builder transport(String transport) {
            if (transport != null && transport.isBlank()) {
                throw new IllegalArgumentException("transport name is blank");
            }
            this.transport = transport;
            return this;
        }

        /**
         * Sets the operation timeout.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = positive(timeout, "operationTimeout");
            return this;
        }

        /**
         * Sets the connect timeout.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets the number of connections per server.
         *
         * @param count 1 or more
         * @return this builder
         */
        public Builder connectionsPerServer(int count) {
            this.connectionsPerServer = atLeastOne(count, "connectionsPerServer");
            return this;
        }

        /**
         * Sets the bound on requests in flight per connection.
         *
         * @param count 1 or more
         * @return this builder
         */
        public Builder maxRequestsInFlight(int count) {
            this.maxRequestsInFlight = atLeastOne(count, "maxRequestsInFlight");
            return this;
        }

        /**
         * Sets the item size limit; larger values are refused before they are sent.
         *
         * @param bytes 1 or more
         * @return this builder
         */
        public Builder itemSizeLimit(int bytes) {
            this.itemSizeLimit = atLeastOne(bytes, "itemSizeLimit");
            return this;
        }

        /**
         * Sets the number of I/O threads.
         *
         * @param count 1 or more
         * @return this builder
         */
        public Builder ioThreads(int count) {
            this.ioThreads = atLeastOne(count, "ioThreads");
            return this;
        }

        /**
         * Sets the reconnect backoff: the first delay and the cap it doubles up to.
         *
         * @param min positive
         * @param max positive, not less than min
         * @return this builder
         */
        public Builder reconnectDelay(Duration min, Duration max) {
            this.reconnectDelayMin = positive(min, "reconnectDelayMin");
            this.reconnectDelayMax = positive(max, "reconnectDelayMax");
            return this;
        }

        /**
         * Speaks TLS to every server.
         *
         * @param tls the TLS settings, or null for plain TCP (the default)
         * @return this builder
         */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Logs in on every new connection with memcached's text-protocol authentication.
         *
         * @param credentials the user name and password, or null to send none (the default)
         * @return this builder
         */
        public Builder credentials(Credentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /**
         * Logs in on every new connection; short for {@code credentials(Credentials.of(username, password))}.
         *
         * @param username the user name in the server's auth file
         * @param password its password
         * @return this builder
         * @throws IllegalArgumentException as {@link Credentials#of} does
         */
        public Builder credentials(String username, String password) {
            return credentials(Credentials.of(username, password));
        }

        /**
         * Adds a listener for metrics or tracing; several may be added, and each hears every event.
         *
         * @param listener the listener, not null
         * @return this builder
         */
        public Builder listener(ClientListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Replaces the listeners with these.
         *
         * @param listeners the listeners, none null; empty for none
         * @return this builder
         */
        public Builder listeners(List<ClientListener> listeners) {
            List<ClientListener> copy = List.copyOf(listeners); // refuses nulls
            this.listeners.clear();
            this.listeners.addAll(copy);
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when no server, DNS group or ElastiCache endpoint was set,
         *     or an ElastiCache endpoint was set with servers or DNS groups
         */
        public ClientConfig build() {
            return new ClientConfig(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }

        private static int atLeastOne(int n, String name) {
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + n);
            }
            return n;
        }
    }
}
