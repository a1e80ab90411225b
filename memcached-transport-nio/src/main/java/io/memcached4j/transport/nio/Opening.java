package io.memcached4j.transport.nio;

import io.memcached4j.Credentials;
import io.memcached4j.ProtocolException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;

/**
 * Readies a new connection on the event loop before any request goes out on it: the TLS
 * handshake, then the {@link Login} when the client has credentials. Non-blocking: each
 * {@link #advance} goes as far as the socket allows.
 */
final class Opening {
    private static final int MAX_LINE = 1024;

    private final Wire wire;
    private final Login login;
    private final ByteBuffer in = ByteBuffer.allocate(MAX_LINE);
    private ByteBuffer out;
    private boolean handshaken;
    private boolean started;

    /**
     * @param wire the connected stream
     * @param credentials the login, or null for none
     * @param server the server, for messages
     */
    Opening(Wire wire, Credentials credentials, String server) {
        this.wire = wire;
        this.login = credentials == null ? null : new Login(credentials, server);
        this.out = credentials == null ? null : ByteBuffer.wrap(Login.PROBE);
    }

    /**
     * Goes on with the opening.
     *
     * @return 0 when the connection is ready for requests, else the selection operations to wait for
     * @throws IOException when the handshake or the connection fails
     * @throws io.memcached4j.MemcachedAuthenticationException when the server refuses the login
     * @throws ProtocolException when the server answers the login with something else
     */
    int advance() throws IOException {
        started = true;
        if (!handshaken) {
            int ops = wire.handshake();
            if (ops != 0) {
                return ops;
            }
            handshaken = true;
        }
        while (login != null && out != null) {
            if (out.hasRemaining()) {
                wire.write(out);
                if (out.hasRemaining()) {
                    return SelectionKey.OP_WRITE;
                }
            }
            String line = readLine();
            if (line == null) {
                return SelectionKey.OP_READ;
            }
            byte[] next = login.onReply(line);
            out = next == null ? null : ByteBuffer.wrap(next);
        }
        return 0;
    }

    /** @return the stream being readied */
    Wire wire() {
        return wire;
    }

    /** @return whether the TCP connection is up and the opening began */
    boolean started() {
        return started;
    }

    /** @return what the opening waits for, to explain a connect timeout */
    String stage() {
        return !handshaken ? "the TLS handshake (does the server speak TLS, memcached -Z?)" : "the login";
    }

    private String readLine() throws IOException {
        for (;;) {
            for (int i = 1; i < in.position(); i++) {
                if (in.get(i - 1) == '\r' && in.get(i) == '\n') {
                    if (i + 1 != in.position()) {
                        throw new ProtocolException("the server sent more than one line in reply to the login");
                    }
                    String line = new String(in.array(), 0, i - 1, StandardCharsets.ISO_8859_1);
                    in.clear();
                    return line;
                }
            }
            if (!in.hasRemaining()) {
                throw new ProtocolException("the server's reply to the login exceeds " + MAX_LINE + " bytes");
            }
            int n = wire.read(in);
            if (n < 0) {
                throw new IOException("the server closed the connection during the login");
            }
            if (n == 0) {
                return null;
            }
        }
    }
}
