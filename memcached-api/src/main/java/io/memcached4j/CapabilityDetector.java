package io.memcached4j;

import java.util.List;
import java.util.Map;

/**
 * Finds out what each server of a client can do by asking it: version, crawler state, meta
 * commands (probed with {@code mn}, since proxies may report any version), {@code mgdump} and
 * the item size limit. {@link Memcached#capabilityDetector} makes one.
 */
public interface CapabilityDetector {

    /**
     * Examines every server.
     *
     * @return per server, its capabilities, in configuration order
     */
    Map<ServerAddress, Capabilities> detect();

    /**
     * Examines the only server of the client: {@link #detect()} for a client of one server.
     *
     * @return the server's capabilities
     * @throws IllegalStateException when the client has several servers (naming them), before
     *     any is asked: use {@link #detect()}
     */
    default Capabilities detectSingleServer() {
        ServerAddress server = SingleServer.of(servers(), "detectSingleServer()", "detect()");
        return detect().get(server);
    }

    /**
     * Returns the servers this detector examines: the client's, in configuration order.
     *
     * @return the servers
     */
    List<ServerAddress> servers();

    /**
     * Checks that every server supports {@code lru_crawler metadump}.
     *
     * @throws UnsupportedVersionException naming the first server that does not, with the message
     *     "memcached version 1.4.31 or later is required for lru_crawler metadump support (detected: X)"
     */
    void verify();
}
