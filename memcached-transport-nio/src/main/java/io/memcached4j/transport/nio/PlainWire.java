package io.memcached4j.transport.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLException;

/**
 * The socket as it is. The first bytes read are checked for a TLS record, which a plain client
 * gets only from a server that requires TLS: that fails with a message saying so, not with an
 * unparseable reply.
 */
final class PlainWire implements Wire {
    private final SocketChannel channel;
    private final String server;
    private boolean checked;
    /** Set before the first write, on whichever thread writes: the server may answer it before the write returns. */
    private volatile boolean wrote;

    PlainWire(SocketChannel channel, String server) {
        this.channel = channel;
        this.server = server;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        int n;
        try {
            n = channel.read(dst);
        } catch (IOException e) {
            throw unanswered() ? hint(e.toString(), e) : e;
        }
        if (n < 0 && unanswered()) {
            throw hint("the server closed the connection", null);
        }
        if (!checked && n > 0) {
            checked = true;
            if (TlsRecords.looksLikeTls(dst, start)) {
                throw new SSLException(TlsRecords.plainClientMessage(server));
            }
        }
        return n;
    }

    /**
     * A server requiring TLS drops a plain client's first request without a word: say so. After a
     * reply, or before any request, the failure is what it is.
     */
    private boolean unanswered() {
        return wrote && !checked;
    }

    private static IOException hint(String what, IOException cause) {
        return new IOException(what + " without answering the first request: if it requires TLS (memcached -Z), "
                + "configure ClientConfig.tls", cause);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!wrote && src.hasRemaining()) {
            wrote = true;
        }
        return channel.write(src);
    }

    /** One gathering write: the socket takes the buffers' bytes in one system call (one buffer: a plain write, cheaper). */
    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        if (srcs.length == 1) {
            return write(srcs[0]);
        }
        wrote = true;
        return channel.write(srcs);
    }

    @Override
    public boolean hasBufferedInput() {
        return false;
    }

    @Override
    public int handshake() {
        return 0;
    }

    @Override
    public SocketChannel channel() {
        return channel;
    }
}
