package io.memcached4j.testkit.internal.server;

import io.memcached4j.core.tls.TlsEngineLoop;

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
 * The engine's loops are client-core's {@link TlsEngineLoop}, which the client transport runs too.
 */
final class ServerTlsChannel implements ByteChannel {
    private final SocketChannel channel;
    private final TlsEngineLoop tls;
    private boolean eof;

    ServerTlsChannel(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.tls = new TlsEngineLoop(channel, engine, "the client");
    }

    /** @return whether bytes were received that {@link #read} did not hand out yet */
    boolean hasBufferedInput() {
        return tls.hasBufferedInput();
    }

    /** @return whether encrypted bytes wait for the socket to become writable */
    boolean hasPendingOutput() {
        return tls.hasPendingOutput();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!tls.hasDecrypted()) {
            if (tls.receive() < 0) {
                eof = true;
            }
            unwrap();
            if (!tls.hasDecrypted()) {
                return eof ? -1 : 0;
            }
        }
        return tls.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return tls.write(src);
    }

    /** Decrypts what arrived, answering the handshake on the way; a failed handshake sends its alert. */
    private void unwrap() throws IOException {
        try {
            unwrapAndAnswer();
        } catch (SSLException e) {
            tls.sendCloseAlert();
            throw e;
        }
    }

    private void unwrapAndAnswer() throws IOException {
        for (;;) {
            switch (tls.engine().getHandshakeStatus()) {
                case NEED_TASK -> {
                    tls.runTasks();
                    continue;
                }
                case NEED_WRAP -> {
                    tls.wrapHandshake();
                    tls.sendPending();
                    continue;
                }
                default -> {
                }
            }
            SSLEngineResult r = tls.unwrap();
            if (r == null) {
                return;
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                eof = true;
                return;
            }
            if (r.bytesConsumed() == 0 && r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_WRAP
                    && r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_TASK) {
                return;
            }
        }
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
