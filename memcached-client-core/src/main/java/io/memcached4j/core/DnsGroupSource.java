package io.memcached4j.core;

import io.memcached4j.HostResolver;
import io.memcached4j.ServerAddress;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DNS server groups: each address a group's host name resolves to is a server at the group's port,
 * named by the address ({@link InetAddress#getHostAddress()}), sorted so that the order DNS answers
 * in does not matter. The list is the configured servers followed by every group's addresses. A group
 * that fails to resolve keeps the addresses it last resolved to (none before it first resolves).
 */
final class DnsGroupSource implements ServerDiscovery.Source {
    private static final System.Logger LOG = System.getLogger("io.memcached4j.core");

    private final List<ServerAddress> servers;
    private final List<ServerAddress> groups;
    private final HostResolver resolver;
    /** The addresses each group resolved to last. Only the poller thread (and the first poll, before it starts). */
    private final Map<ServerAddress, List<ServerAddress>> resolved = new HashMap<>();

    DnsGroupSource(List<ServerAddress> servers, List<ServerAddress> groups, HostResolver resolver) {
        this.servers = List.copyOf(servers);
        this.groups = List.copyOf(groups);
        this.resolver = resolver;
    }

    @Override
    public List<ServerAddress> poll() throws UnknownHostException {
        UnknownHostException failure = null;
        for (ServerAddress group : groups) {
            try {
                resolved.put(group, resolve(group));
            } catch (UnknownHostException | RuntimeException e) {
                UnknownHostException why = e instanceof UnknownHostException u ? u
                        : (UnknownHostException) new UnknownHostException(group.host() + ": " + e).initCause(e);
                LOG.log(Level.WARNING, "memcached4j: DNS group {0} does not resolve ({1}); keeping its servers {2}",
                        group, why.getMessage(), resolved.getOrDefault(group, List.of()));
                failure = failure == null ? why : failure;
            }
        }
        Set<ServerAddress> all = new LinkedHashSet<>(servers);
        for (ServerAddress group : groups) {
            all.addAll(resolved.getOrDefault(group, List.of()));
        }
        if (all.isEmpty()) {
            throw failure != null ? failure : new UnknownHostException("no DNS group resolved: " + groups);
        }
        return new ArrayList<>(all);
    }

    private List<ServerAddress> resolve(ServerAddress group) throws UnknownHostException {
        List<InetAddress> addresses = resolver.resolve(group.host());
        if (addresses == null || addresses.isEmpty()) {
            throw new UnknownHostException(group.host() + " resolved to no address");
        }
        return addresses.stream().map(InetAddress::getHostAddress).distinct().sorted(Comparator.naturalOrder())
                .map(host -> new ServerAddress(host, group.port())).toList();
    }

    @Override
    public String describe() {
        return "DNS groups " + groups;
    }
}
