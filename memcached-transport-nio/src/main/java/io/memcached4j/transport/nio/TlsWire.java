package io.memcached4j.transport.nio;

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
 * writable" logic works unchanged. The pending record goes out first on the next call.
 */
final class TlsWire implements Wire {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    private final String server;
    private final String host;
    /** Guards the engine's wrap side and {@code netOut}. */
    private final Object writeSide = new Object();
    /** Encrypted bytes received and not yet decrypted; write mode. Read side. */
    private ByteBuffer netIn;
    /** Decrypted bytes not yet read; write mode. Read side. */
    private ByteBuffer appIn;
    /** Encrypted bytes not yet sent; write mode. */
    private ByteBuffer netOut;
    /** Plain bytes of the caller's buffer whose record is in {@code netOut}. */
    private int pendingPlain;
    private boolean handshaking = true;
    private boolean begun;

    TlsWire(SocketChannel channel, SSLEngine engine, String server, String host) {
        this.channel = channel;
        this.engine = engine;
        this.server = server;
        this.host = host;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(packet);
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
                    if (!sendPending()) {
                        return SelectionKey.OP_WRITE;
                    }
                }
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP -> {
                        synchronized (writeSide) {
                            wrap(EMPTY);
                        }
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        int buffered = netIn.position();
                        unwrap();
                        if (netIn.position() == buffered) { // no whole record buffered: read more
                            int n = channel.read(netIn);
                            if (n < 0) {
                                throw new SSLException("the server closed the connection during the TLS handshake");
                            }
                            if (n == 0) {
                                return SelectionKey.OP_READ;
                            }
                        }
                    }
                    case NEED_TASK -> runTasks();
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
        if (appIn.position() == 0) {
            unwrap();
            if (appIn.position() == 0) {
                int n = channel.read(netIn);
                if (n < 0) {
                    return -1;
                }
                if (n == 0) {
                    return 0;
                }
                unwrap();
            }
        }
        appIn.flip();
        int n = Math.min(appIn.remaining(), dst.remaining());
        int limit = appIn.limit();
        appIn.limit(appIn.position() + n);
        dst.put(appIn);
        appIn.limit(limit);
        appIn.compact();
        return n;
    }

    @Override
    public boolean hasBufferedInput() {
        return appIn.position() > 0 || netIn.position() > 0;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        synchronized (writeSide) {
            int sent = 0;
            for (;;) {
                if (!sendPending()) {
                    return sent;
                }
                if (pendingPlain > 0) {
                    src.position(src.position() + pendingPlain);
                    sent += pendingPlain;
                    pendingPlain = 0;
                }
                if (!src.hasRemaining()) {
                    return sent;
                }
                ByteBuffer view = src.duplicate();
                pendingPlain = wrap(view);
            }
        }
    }

    /** Encrypts into {@code netOut}, which is empty; returns the plain bytes taken. Holds {@code writeSide}. */
    private int wrap(ByteBuffer plain) throws IOException {
        for (;;) {
            SSLEngineResult r = engine.wrap(plain, netOut);
            switch (r.getStatus()) {
                case OK -> {
                    if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                    return r.bytesConsumed();
                }
                case BUFFER_OVERFLOW -> netOut = grow(netOut, engine.getSession().getPacketBufferSize());
                default -> throw new SSLException("the TLS session with memcached " + server + " is closed");
            }
        }
    }

    /** Sends what {@code netOut} holds; whether all went. Holds {@code writeSide}. */
    private boolean sendPending() throws IOException {
        if (netOut.position() == 0) {
            return true;
        }
        netOut.flip();
        try {
            channel.write(netOut);
        } finally {
            netOut.compact();
        }
        return netOut.position() == 0;
    }

    /** Decrypts what {@code netIn} holds into {@code appIn}; returns the plain bytes produced. Read side. */
    private int unwrap() throws IOException {
        int produced = 0;
        netIn.flip();
        try {
            while (netIn.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                produced += r.bytesProduced();
                switch (r.getStatus()) {
                    case OK -> {
                        afterUnwrap(r.getHandshakeStatus());
                        if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                            return produced;
                        }
                        if (handshaking && r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_UNWRAP) {
                            return produced;
                        }
                    }
                    case BUFFER_UNDERFLOW -> {
                        if (netIn.limit() == netIn.capacity() && netIn.position() == 0) {
                            netIn.position(netIn.limit());
                            netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                            netIn.flip();
                        }
                        return produced;
                    }
                    case BUFFER_OVERFLOW -> {
                        if (appIn.position() > 0) {
                            return produced;
                        }
                        appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                    }
                    case CLOSED -> throw new SSLException("memcached " + server + " closed the TLS session");
                }
            }
            return produced;
        } finally {
            netIn.compact();
        }
    }

    /** Answers what the peer asks for after the handshake (a key update). Read side. */
    private void afterUnwrap(SSLEngineResult.HandshakeStatus status) throws IOException {
        if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            runTasks();
        } else if (status == SSLEngineResult.HandshakeStatus.NEED_WRAP && !handshaking) {
            synchronized (writeSide) {
                if (sendPending()) {
                    wrap(EMPTY);
                    sendPending();
                }
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static ByteBuffer grow(ByteBuffer buf, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + atLeast));
        buf.flip();
        bigger.put(buf);
        return bigger;
    }
}
