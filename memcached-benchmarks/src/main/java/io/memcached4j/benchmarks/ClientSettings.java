package io.memcached4j.benchmarks;

/**
 * What a workload sets in every client that has the setting, 0 meaning the client's default:
 * connections per server, and the largest item the client lets through (for memcached started
 * with a larger {@code -I}; of the clients, only memcached4j checks it before sending).
 *
 * @param connectionsPerServer connections per server, or 0
 * @param itemSizeLimit the item size limit in bytes, or 0
 */
record ClientSettings(int connectionsPerServer, int itemSizeLimit) {
    /** Every client's own defaults. */
    static final ClientSettings DEFAULTS = new ClientSettings(0, 0);

    ClientSettings {
        if (connectionsPerServer < 0 || itemSizeLimit < 0) {
            throw new IllegalArgumentException("settings are 0 (the default) or positive: " + connectionsPerServer
                    + ", " + itemSizeLimit);
        }
    }

    /** These settings with {@code count} connections per server. */
    ClientSettings withConnectionsPerServer(int count) {
        return new ClientSettings(count, itemSizeLimit);
    }
}
