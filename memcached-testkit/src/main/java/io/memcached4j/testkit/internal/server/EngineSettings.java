package io.memcached4j.testkit.internal.server;

/**
 * What a fake server was started with, mirroring memcached's command-line settings.
 *
 * @param version the version string answered to {@code version} and in {@code stats}
 * @param maxBytes the memory limit ({@code -m}), in bytes
 * @param itemSizeMax the item size limit ({@code -I}), in bytes
 * @param maxConnections the connection limit ({@code -c})
 * @param verbosity the initial verbosity ({@code -v})
 * @param listenAddress the address listened on, for {@code stats settings}
 * @param port the port listened on, for {@code stats settings}
 * @param security TLS and the login, for {@code stats settings} (TCP connections enforce them)
 */
public record EngineSettings(String version, long maxBytes, int itemSizeMax, int maxConnections, int verbosity,
                             String listenAddress, int port, ConnectionSecurity security) {
    /**
     * Settings without TLS or login.
     *
     * @param version the version string
     * @param maxBytes the memory limit, in bytes
     * @param itemSizeMax the item size limit, in bytes
     * @param maxConnections the connection limit
     * @param verbosity the initial verbosity
     * @param listenAddress the address listened on
     * @param port the port listened on
     */
    public EngineSettings(String version, long maxBytes, int itemSizeMax, int maxConnections, int verbosity,
                          String listenAddress, int port) {
        this(version, maxBytes, itemSizeMax, maxConnections, verbosity, listenAddress, port, ConnectionSecurity.NONE);
    }
    /**
     * Returns memcached's defaults: version {@code 1.6.18}, {@code -m 64}, {@code -I 1m},
     * {@code -c 1024}, no verbosity.
     *
     * @param listenAddress the address listened on
     * @param port the port listened on
     * @return the settings
     */
    public static EngineSettings defaults(String listenAddress, int port) {
        return new EngineSettings("1.6.18", 64L * 1024 * 1024, 1024 * 1024, 1024, 0, listenAddress, port);
    }

    /**
     * Returns a copy listening on another port.
     *
     * @param newPort the port
     * @return the new settings
     */
    public EngineSettings withPort(int newPort) {
        return new EngineSettings(version, maxBytes, itemSizeMax, maxConnections, verbosity, listenAddress, newPort,
                security);
    }
}
