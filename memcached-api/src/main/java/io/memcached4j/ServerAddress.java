package io.memcached4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One memcached server: a host name or IP literal and a TCP port. Its {@link #toString()} is
 * {@code host:port} (IPv6 literals in brackets), the form ketama hashing and logs use.
 *
 * @param host the host name or IP literal, without brackets
 * @param port the TCP port, 1 to 65535
 */
public record ServerAddress(String host, int port) {
    /** The port memcached listens on by default. */
    public static final int DEFAULT_PORT = 11211;

    /**
     * Validates the components.
     *
     * @param host the host
     * @param port the port
     */
    public ServerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("server host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("server port " + port + " is outside 1..65535");
        }
    }

    /**
     * Parses {@code host}, {@code host:port} or {@code [ipv6]:port}; the port defaults to 11211.
     *
     * @param text the address
     * @return the address
     * @throws IllegalArgumentException when the text is not an address
     */
    public static ServerAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("server address is empty");
        }
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("server address \"" + text + "\" has no closing ']'");
            }
            host = s.substring(1, close);
            if (close + 1 < s.length()) {
                if (s.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("server address \"" + text + "\": expected ':' after ']'");
                }
                port = s.substring(close + 2);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') != colon) {
                host = s; // a bare IPv6 literal
            } else if (colon >= 0) {
                host = s.substring(0, colon);
                port = s.substring(colon + 1);
            } else {
                host = s;
            }
        }
        int portNumber = DEFAULT_PORT;
        if (port != null) {
            try {
                portNumber = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("server address \"" + text + "\" has a bad port \"" + port + "\"", e);
            }
        }
        return new ServerAddress(host, portNumber);
    }

    /**
     * Parses a list separated by commas or whitespace, such as {@code "10.0.0.1:11211, 10.0.0.2"}.
     *
     * @param text the addresses
     * @return the addresses in the given order, never empty
     * @throws IllegalArgumentException when the list is empty or an entry is not an address
     */
    public static List<ServerAddress> parseList(String text) {
        Objects.requireNonNull(text, "text");
        List<ServerAddress> result = new ArrayList<>();
        for (String part : text.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                result.add(parse(part));
            }
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("no server address in \"" + text + "\"");
        }
        return List.copyOf(result);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
