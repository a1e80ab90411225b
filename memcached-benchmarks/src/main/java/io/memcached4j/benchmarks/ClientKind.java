package io.memcached4j.benchmarks;

/** The clients the harness compares; the peers are the other libraries. */
enum ClientKind {
    MEMCACHED4J("memcached4j", false),
    SPYMEMCACHED("spymemcached", true),
    XMEMCACHED("xmemcached", true),
    FOLSOM("folsom", true),
    LIMIT("limit", false),
    /** memcached4j making every call a meta command with an opaque token (issue 10's wire-format question). */
    MEMCACHED4J_META("memcached4j-meta", false),
    /** The limit driver speaking meta commands with opaque tokens. */
    LIMIT_META("limit-meta", false);

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
            case LIMIT -> new LimitClient(host, port, false);
            case MEMCACHED4J_META -> new Memcached4jMetaClient(host, port);
            case LIMIT_META -> new LimitClient(host, port, true);
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
