package io.memcached4j.transport.nio;

import io.memcached4j.core.tls.TlsEngineLoop;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * TLS over a non-blocking socket with an {@link SSLEngine}. The handshake runs on the event loop
 * ({@link #handshake}); then {@link #read} decrypts on the loop while {@link #write} encrypts on
 * whichever thread writes (the loop, or a caller writing its own request), which the engine allows.
 *
 * <p>{@link #write} counts plain bytes as sent only once their encrypted record left for the
 * socket: until then they stay in the caller's buffer, so the caller's "bytes remain, wait for
 * writable" logic works unchanged. The pending record goes out first on the next call. The
 * engine's loops are client-core's {@link TlsEngineLoop}, which the testkit's fake server runs too;
 * this class keeps the client's handshake policy and its messages.
 */
final class TlsWire implements Wire {
    private final SocketChannel channel;
    private final SSLEngine engine;
    private final TlsEngineLoop tls;
    private final String server;
    private final String host;
    /** Guards the engine's wrap side. */
    private final Object writeSide = new Object();
    private boolean handshaking = true;
    private boolean begun;

    TlsWire(SocketChannel channel, SSLEngine engine, String server, String host) {
        this.channel = channel;
        this.engine = engine;
        this.tls = new TlsEngineLoop(channel, engine, "memcached " + server);
        this.server = server;
        this.host = host;
    }

    @Override
    public SocketChannel channel() {
        return channel;
    }

    @Override
    public int handshake() throws IOException {
        try {
            if (!handshaking) {
                return 0;
            }
            if (!begun) {
                begun = true;
                engine.beginHandshake();
            }
            for (;;) {
                synchronized (writeSide) {
                    if (!tls.sendPending()) {
                        return SelectionKey.OP_WRITE;
                    }
                }
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP -> {
                        synchronized (writeSide) {
                            tls.wrapHandshake();
                        }
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        int buffered = tls.undecrypted();
                        unwrap();
                        if (tls.undecrypted() == buffered) { // no whole record buffered: read more
                            int n = tls.receive();
                            if (n < 0) {
                                throw new SSLException("the server closed the connection during the TLS handshake");
                            }
                            if (n == 0) {
                                return SelectionKey.OP_READ;
                            }
                        }
                    }
                    case NEED_TASK -> tls.runTasks();
                    default -> {
                        handshaking = false;
                        return 0;
                    }
                }
            }
        } catch (SSLException e) {
            throw TlsRecords.explain(e, server, host);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        try {
            return readPlain(dst);
        } catch (SSLException e) {
            // TLS 1.3: a server refusing the client's certificate says so after the client's side of the handshake
            throw TlsRecords.explain(e, server, host);
        }
    }

    private int readPlain(ByteBuffer dst) throws IOException {
        if (!tls.hasDecrypted()) {
            unwrap();
            if (!tls.hasDecrypted()) {
                int n = tls.receive();
                if (n < 0) {
                    return -1;
                }
                if (n == 0) {
                    return 0;
                }
                unwrap();
            }
        }
        return tls.read(dst);
    }

    @Override
    public boolean hasBufferedInput() {
        return tls.hasBufferedInput();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        synchronized (writeSide) {
            return tls.write(src);
        }
    }

    /** Decrypts the records received, as far as they are whole. Read side. */
    private void unwrap() throws IOException {
        while (tls.undecrypted() > 0) {
            SSLEngineResult r = tls.unwrap();
            if (r == null) {
                return;
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("memcached " + server + " closed the TLS session");
            }
            afterUnwrap(r.getHandshakeStatus());
            if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                return;
            }
            if (handshaking && r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_UNWRAP) {
                return;
            }
        }
    }

    /** Answers what the peer asks for after the handshake (a key update). Read side. */
    private void afterUnwrap(SSLEngineResult.HandshakeStatus status) throws IOException {
        if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            tls.runTasks();
        } else if (status == SSLEngineResult.HandshakeStatus.NEED_WRAP && !handshaking) {
            synchronized (writeSide) {
                if (tls.sendPending()) {
                    tls.wrapHandshake();
                    tls.sendPending();
                }
            }
        }
    }
}
