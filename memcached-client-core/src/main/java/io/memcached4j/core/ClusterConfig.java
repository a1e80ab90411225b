package io.memcached4j.core;

import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * An ElastiCache cluster configuration, as {@code config get cluster} answers it (engine 1.4.14+):
 * {@code CONFIG cluster 0 <bytes>\r\n<version>\n<host>|<ip>|<port> ...\n\r\nEND\r\n}. A node is
 * addressed by its host name, or by its IP address when the name is empty.
 *
 * @param version the configuration version; it grows with every change of the cluster
 * @param nodes the cache nodes, in the order listed
 */
record ClusterConfig(long version, List<ServerAddress> nodes) {
    /** The most lines a configuration may take, so a server that never ends its reply is not read forever. */
    static final int MAX_LINES = 64;

    /**
     * Parses the lines of the data block, between the {@code CONFIG} line and {@code END}, as a line
     * reader splitting on {@code \n} (and dropping a {@code \r} before it) returns them.
     *
     * @param lines the lines
     * @return the configuration
     * @throws ProtocolException when they are not a configuration: no version, a bad version, no node,
     *     a malformed node, a node twice
     */
    static ClusterConfig parse(List<String> lines) {
        List<String> content = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                content.add(line.trim());
            }
        }
        if (content.size() != 2) {
            throw new ProtocolException("a cluster configuration is a version line and a node line, got " + lines);
        }
        long version;
        try {
            version = Long.parseLong(content.get(0));
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad cluster configuration version \"" + content.get(0) + "\"", e);
        }
        if (version < 0) {
            throw new ProtocolException("bad cluster configuration version \"" + content.get(0) + "\"");
        }
        List<ServerAddress> nodes = new ArrayList<>();
        for (String entry : content.get(1).split("\\s+")) {
            nodes.add(node(entry));
        }
        if (new HashSet<>(nodes).size() != nodes.size()) {
            throw new ProtocolException("a node is listed twice in the cluster configuration " + content.get(1));
        }
        return new ClusterConfig(version, List.copyOf(nodes));
    }

    private static ServerAddress node(String entry) {
        String[] parts = entry.split("\\|", -1);
        if (parts.length != 3 || (parts[0].isEmpty() && parts[1].isEmpty())) {
            throw new ProtocolException("bad node \"" + entry + "\" in a cluster configuration (host|ip|port expected)");
        }
        try {
            return new ServerAddress(parts[0].isEmpty() ? parts[1] : parts[0], Integer.parseInt(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("bad node \"" + entry + "\" in a cluster configuration: " + e.getMessage(), e);
        }
    }
}
