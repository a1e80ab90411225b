package io.memcached4j.benchmarks;

import io.memcached4j.ServerAddress;

import java.util.List;

/** The clients the harness compares; the peers are the other libraries. */
enum ClientKind {
    MEMCACHED4J("memcached4j", false),
    /** memcached4j with the memcached-micrometer binding recording into a registry (issue 13's cost). */
    MEMCACHED4J_METRICS("memcached4j-metrics", false),
    SPYMEMCACHED("spymemcached", true),
    XMEMCACHED("xmemcached", true),
    FOLSOM("folsom", true),
    LIMIT("limit", false),
    /** memcached4j making every call a meta command with an opaque token (issue 10's wire-format question). */
    MEMCACHED4J_META("memcached4j-meta", false),
    /** The limit driver speaking meta commands with opaque tokens. */
    LIMIT_META("limit-meta", false),
    /**
     * The AWS fork of spymemcached ({@code com.amazonaws:elasticache-java-cluster-client} 1.2.0), the
     * spymemcached that has TLS, in static client mode; loaded by a class loader of its own ({@link AwsSpymemcached}).
     */
    AWS_SPYMEMCACHED("aws-spymemcached", true);

    private final String id;
    private final boolean peer;

    ClientKind(String id, boolean peer) {
        this.id = id;
        this.peer = peer;
    }

    String id() {
        return id;
    }

    /** Whether this is another library, one of those the targets are measured against. */
    boolean peer() {
        return peer;
    }

    /** Whether the client can run the workload. */
    boolean supports(Scenario workload) {
        return whyNot(workload) == null;
    }

    /**
     * Why the client sits the workload out, for the table, or null when it runs it: xmemcached has
     * no asynchronous get, and spymemcached (and its AWS fork) has one connection per server and no
     * setting for more.
     * The limit driver runs everything with a connection per thread.
     */
    String whyNot(Scenario workload) {
        if (this == XMEMCACHED && workload == Workload.ASYNC) {
            return "no async get";
        }
        if ((this == SPYMEMCACHED || this == AWS_SPYMEMCACHED) && workload.clientSettings().connectionsPerServer() > 1) {
            return "one connection per server only";
        }
        return null;
    }

    /** Opens the client with its library's defaults, on one server. */
    LoadClient open(String host, int port) throws Exception {
        return open(List.of(new ServerAddress(host, port)), ClientSettings.DEFAULTS);
    }

    /**
     * Opens the client with its library's defaults, except for what {@code settings} sets and the
     * client has (the limit driver has a connection per calling thread whatever they say).
     */
    LoadClient open(List<ServerAddress> servers, ClientSettings settings) throws Exception {
        return open(servers, settings, null);
    }

    /**
     * Whether the harness runs this client over TLS: memcached4j (with metrics and meta commands too),
     * Folsom, the limit driver (classic and meta) and the AWS fork of spymemcached; spymemcached 2.12.3
     * and xmemcached 2.4.8 have no TLS.
     */
    boolean supportsTls() {
        return this != SPYMEMCACHED && this != XMEMCACHED;
    }

    /**
     * Opens the client as {@link #open(List, ClientSettings)} does, over TLS when {@code tls} is not null.
     *
     * @throws IllegalArgumentException when {@code tls} is given to a client without TLS
     */
    LoadClient open(List<ServerAddress> servers, ClientSettings settings, LoadTls tls) throws Exception {
        if (tls != null && !supportsTls()) {
            throw new IllegalArgumentException(id + " has no TLS");
        }
        return switch (this) {
            case MEMCACHED4J -> new Memcached4jClient(servers, settings, false, tls == null ? null : tls.config());
            case MEMCACHED4J_METRICS -> new Memcached4jClient(servers, settings, true, tls == null ? null : tls.config());
            case SPYMEMCACHED -> new SpymemcachedClient(servers);
            case XMEMCACHED -> new XmemcachedClient(servers, settings.connectionsPerServer());
            case FOLSOM -> new FolsomClient(servers, settings.connectionsPerServer(), tls == null ? null : tls.context());
            case LIMIT -> new LimitClient(servers, false, tls == null ? null : tls.context());
            case MEMCACHED4J_META -> new Memcached4jMetaClient(servers, settings, tls == null ? null : tls.config());
            case LIMIT_META -> new LimitClient(servers, true, tls == null ? null : tls.context());
            case AWS_SPYMEMCACHED -> AwsSpymemcached.open(servers, tls == null ? null : tls.context());
        };
    }

    static ClientKind byId(String id) {
        for (ClientKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown client " + id);
    }
}
