package io.memcached4j.testkit.internal.server;

import io.memcached4j.ServerAddress;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the fake answers to {@code config get cluster}, as an AWS ElastiCache memcached node (engine
 * 1.4.14+) does: {@code CONFIG cluster 0 <bytes>\r\n<version>\n<host>|<ip>|<port> ...\n\r\nEND\r\n}.
 * A node's IP field is its host when that is an IP literal, else empty.
 *
 * @param version the configuration version, 0 or more
 * @param nodes the nodes, at least one
 */
public record ClusterConfiguration(long version, List<ServerAddress> nodes) {
    /** The command it answers. */
    public static final String COMMAND = "config get cluster";

    /**
     * Checks and copies the components.
     *
     * @param version the configuration version
     * @param nodes the nodes
     */
    public ClusterConfiguration {
        if (version < 0) {
            throw new IllegalArgumentException("a cluster configuration version is 0 or more, was " + version);
        }
        Objects.requireNonNull(nodes, "nodes");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a cluster configuration names at least one node");
        }
        nodes = List.copyOf(nodes);
    }

    /** @return the reply without its final CRLF, for {@code ReplyWriter.line} */
    String reply() {
        String data = version + "\n" + nodes.stream().map(ClusterConfiguration::entry).collect(Collectors.joining(" ")) + "\n";
        return "CONFIG cluster 0 " + data.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n" + data + "\r\nEND";
    }

    private static String entry(ServerAddress node) {
        String host = node.host();
        boolean literal = host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        return host + "|" + (literal ? host : "") + "|" + node.port();
    }
}
