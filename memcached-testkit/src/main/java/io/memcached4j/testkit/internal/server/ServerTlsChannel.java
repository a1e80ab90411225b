package io.memcached4j.testkit.internal.server;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;

/**
 * The server side of TLS over one of the fake's non-blocking sockets, as memcached {@code -Z}
 * serves it: {@link #read} runs the handshake as the client's bytes arrive and then decrypts;
 * {@link #write} encrypts, and counts plain bytes as written only once their record left for the
 * socket, so that the server's "bytes remain, wait for writable" logic works unchanged. One thread.
 */
final class ServerTlsChannel implements ByteChannel {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    /** Write mode throughout. */
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private int pendingPlain;
    private boolean eof;

    ServerTlsChannel(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    }

    /** @return whether bytes were received that {@link #read} did not hand out yet */
    boolean hasBufferedInput() {
        return appIn.position() > 0 || netIn.position() > 0;
    }

    /** @return whether encrypted bytes wait for the socket to become writable */
    boolean hasPendingOutput() {
        return netOut.position() > 0;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (appIn.position() == 0) {
            int n = channel.read(netIn);
            if (n < 0) {
                eof = true;
            }
            unwrap();
            if (appIn.position() == 0) {
                return eof ? -1 : 0;
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
    public int write(ByteBuffer src) throws IOException {
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
            pendingPlain = wrap(src.duplicate());
        }
    }

    /** Decrypts what arrived, answering the handshake on the way; a failed handshake sends its alert. */
    private void unwrap() throws IOException {
        try {
            unwrapAndAnswer();
        } catch (SSLException e) {
            sendAlert();
            throw e;
        }
    }

    private void unwrapAndAnswer() throws IOException {
        for (;;) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> {
                    for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                        task.run();
                    }
                    continue;
                }
                case NEED_WRAP -> {
                    wrap(EMPTY);
                    sendPending();
                    continue;
                }
                default -> {
                }
            }
            netIn.flip();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
            }
            switch (r.getStatus()) {
                case OK -> {
                    if (r.bytesConsumed() == 0 && r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_WRAP
                            && r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_TASK) {
                        return;
                    }
                }
                case BUFFER_UNDERFLOW -> {
                    if (netIn.position() == netIn.capacity()) {
                        netIn = grow(netIn);
                    }
                    return;
                }
                case BUFFER_OVERFLOW -> {
                    if (appIn.position() > 0) {
                        return;
                    }
                    appIn = grow(appIn);
                }
                case CLOSED -> {
                    eof = true;
                    return;
                }
            }
        }
    }

    /** Tells the client why the handshake failed (a certificate it did not send, say), as OpenSSL does. */
    private void sendAlert() {
        try {
            engine.closeOutbound();
            for (int i = 0; i < 3; i++) {
                if (engine.wrap(EMPTY, netOut).bytesProduced() == 0) {
                    break;
                }
            }
            sendPending();
        } catch (IOException | RuntimeException alertFailed) {
            // the connection is dropped either way
        }
    }

    private int wrap(ByteBuffer plain) throws IOException {
        for (;;) {
            SSLEngineResult r = engine.wrap(plain, netOut);
            switch (r.getStatus()) {
                case OK -> {
                    return r.bytesConsumed();
                }
                case BUFFER_OVERFLOW -> netOut = grow(netOut);
                default -> throw new SSLException("the TLS session is closed");
            }
        }
    }

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

    private static ByteBuffer grow(ByteBuffer buf) {
        ByteBuffer bigger = ByteBuffer.allocate(buf.capacity() * 2);
        buf.flip();
        bigger.put(buf);
        return bigger;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
