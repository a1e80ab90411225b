package io.memcached4j.benchmarks;

/** The clients the harness compares; the peers are the other libraries. */
enum ClientKind {
    MEMCACHED4J("memcached4j", false),
    SPYMEMCACHED("spymemcached", true),
    XMEMCACHED("xmemcached", true),
    FOLSOM("folsom", true),
    LIMIT("limit", false);

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

    /** Whether the client can run the workload (xmemcached has no asynchronous get). */
    boolean supports(Workload workload) {
        return !(this == XMEMCACHED && workload == Workload.ASYNC);
    }

    /** Opens the client with its library's defaults. */
    LoadClient open(String host, int port) throws Exception {
        return open(host, port, 0);
    }

    /**
     * Opens the client with its library's defaults, except that a positive
     * {@code memcached4jConnections} overrides memcached4j's connections per server (an experiment,
     * never the published table).
     */
    LoadClient open(String host, int port, int memcached4jConnections) throws Exception {
        return switch (this) {
            case MEMCACHED4J -> new Memcached4jClient(host, port, memcached4jConnections);
            case SPYMEMCACHED -> new SpymemcachedClient(host, port);
            case XMEMCACHED -> new XmemcachedClient(host, port);
            case FOLSOM -> new FolsomClient(host, port);
            case LIMIT -> new LimitClient(host, port);
        };
    }

    /**
     * Whether the harness runs this client over TLS: memcached4j, Folsom and the limit driver;
     * spymemcached 2.12.3 and xmemcached 2.4.8 have no TLS (the AWS fork of spymemcached, which
     * has, ships the same classes as spymemcached 2.12.3 and would need a class path of its own).
     */
    boolean supportsTls() {
        return this == MEMCACHED4J || this == FOLSOM || this == LIMIT;
    }

    /**
     * Opens the client as {@link #open(String, int, int)} does, over TLS when {@code tls} is not null.
     *
     * @throws IllegalArgumentException when {@code tls} is given to a client without TLS
     */
    LoadClient open(String host, int port, int memcached4jConnections, LoadTls tls) throws Exception {
        if (tls == null) {
            return open(host, port, memcached4jConnections);
        }
        return switch (this) {
            case MEMCACHED4J -> new Memcached4jClient(host, port, memcached4jConnections, tls.config());
            case FOLSOM -> new FolsomClient(host, port, tls.context());
            case LIMIT -> new LimitClient(host, port, tls.context());
            case SPYMEMCACHED, XMEMCACHED -> throw new IllegalArgumentException(id + " has no TLS");
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
