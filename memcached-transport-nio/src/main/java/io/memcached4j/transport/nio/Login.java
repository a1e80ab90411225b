package io.memcached4j.transport.nio;

import io.memcached4j.Credentials;
import io.memcached4j.MemcachedAuthenticationException;
import io.memcached4j.ProtocolException;

import java.nio.charset.StandardCharsets;

/**
 * memcached's text-protocol login ({@code -Y}), as one dialogue for the event loop's connections
 * and the line connections. The client first asks {@code version}: a server that requires a login
 * answers {@code CLIENT_ERROR unauthenticated}, and only then gets the login, a {@code set} whose
 * data is {@code <user> <password>}; a server that does not would store that {@code set}, so it
 * never sees the password. {@code STORED} accepts the login, {@code CLIENT_ERROR ...} refuses it.
 */
final class Login {
    /** The key of the login's {@code set}, which memcached ignores. */
    static final String KEY = "memcached4j-auth";
    static final byte[] PROBE = "version\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Credentials credentials;
    private final String server;
    private boolean sent;

    Login(Credentials credentials, String server) {
        this.credentials = credentials;
        this.server = server;
    }

    /**
     * Reads a reply line (without its CRLF).
     *
     * @param line the server's reply
     * @return the bytes to send next, or null when the connection is ready
     * @throws MemcachedAuthenticationException when the server refused the login
     * @throws ProtocolException when the reply is not one of the dialogue's
     */
    byte[] onReply(String line) {
        if (!sent) {
            if (line.startsWith("VERSION ")) {
                return null;
            }
            if (line.equals("CLIENT_ERROR unauthenticated")) {
                sent = true;
                return request();
            }
        } else {
            if (line.equals("STORED")) {
                return null;
            }
            if (line.startsWith("CLIENT_ERROR")) {
                throw new MemcachedAuthenticationException("memcached " + server + " refused the login of user '"
                        + credentials.username() + "': " + line);
            }
        }
        throw new ProtocolException("unexpected reply from memcached " + server + " during the login: " + printable(line));
    }

    private byte[] request() {
        byte[] token = (credentials.username() + " " + credentials.password()).getBytes(StandardCharsets.UTF_8);
        byte[] head = ("set " + KEY + " 0 0 " + token.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + token.length + 2];
        System.arraycopy(head, 0, bytes, 0, head.length);
        System.arraycopy(token, 0, bytes, head.length, token.length);
        bytes[bytes.length - 2] = '\r';
        bytes[bytes.length - 1] = '\n';
        return bytes;
    }

    private static String printable(String line) {
        String cut = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
