package io.memcached4j;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a host name to its addresses, for DNS server groups
 * ({@link ClientConfig.Builder#dnsGroup(String)}). The default, {@link #system()}, asks the JVM's
 * resolver; tests give their own so that a group's addresses change on demand.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * Returns every address a host name resolves to now.
     *
     * @param host the host name
     * @return its addresses, at least one
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /**
     * Returns the JVM's resolver ({@link InetAddress#getAllByName}); it caches answers as the JVM's
     * {@code networkaddress.cache.ttl} security property says (30 s by default).
     *
     * @return the system resolver
     */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
