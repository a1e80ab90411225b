package io.memcached4j.core.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;

/**
 * An {@link SSLEngine} over a non-blocking channel: its three buffers and the loops that run it,
 * for either end of a connection. {@link #write} encrypts and counts plain bytes as written only
 * once their record left for the channel, so that a caller's "bytes remain, wait for writable"
 * logic works unchanged; {@link #unwrap} decrypts one record, growing a buffer a record does not
 * fit in; {@link #read} hands out what was decrypted. The handshake policy is the caller's.
 *
 * <p>Not thread-safe, but in two halves: the wrap side ({@link #write}, {@link #wrap},
 * {@link #sendPending}, {@link #hasPendingOutput}, {@link #sendCloseAlert}) and the read side (the
 * others) may each be used by one thread at a time, as the engine allows.
 */
public final class TlsEngineLoop {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final ByteChannel channel;
    private final SSLEngine engine;
    private final String peer;
    /** Encrypted bytes received and not yet decrypted; write mode. Read side. */
    private ByteBuffer netIn;
    /** Decrypted bytes not yet read; write mode. Read side. */
    private ByteBuffer appIn;
    /** Encrypted bytes not yet sent; write mode. Wrap side. */
    private ByteBuffer netOut;
    /** Plain bytes of the caller's buffer whose record is in {@code netOut}. Wrap side. */
    private int pendingPlain;

    /**
     * @param channel the non-blocking channel the records travel on
     * @param engine the engine, in client or server mode
     * @param peer the other end, for messages, such as {@code memcached 127.0.0.1:11211}
     */
    public TlsEngineLoop(ByteChannel channel, SSLEngine engine, String peer) {
        this.channel = channel;
        this.engine = engine;
        this.peer = peer;
        this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    }

    /** @return the engine */
    public SSLEngine engine() {
        return engine;
    }

    // ---- read side

    /**
     * Reads encrypted bytes from the channel into the buffer {@link #unwrap} decrypts.
     *
     * @return the bytes read, or -1 at the end of the stream
     * @throws IOException when the channel fails
     */
    public int receive() throws IOException {
        return channel.read(netIn);
    }

    /** @return the encrypted bytes received and not yet decrypted */
    public int undecrypted() {
        return netIn.position();
    }

    /** @return whether decrypted bytes wait to be {@link #read} */
    public boolean hasDecrypted() {
        return appIn.position() > 0;
    }

    /** @return whether bytes were received that {@link #read} did not hand out yet */
    public boolean hasBufferedInput() {
        return appIn.position() > 0 || netIn.position() > 0;
    }

    /**
     * Decrypts one record of the received bytes (or takes one handshake message), growing either
     * buffer when the record does not fit in it.
     *
     * @return the engine's result ({@code OK} or {@code CLOSED}), or null when the rest of a record
     *     must arrive first, or the decrypted bytes must be read first
     * @throws SSLException when the engine fails
     */
    public SSLEngineResult unwrap() throws SSLException {
        for (;;) {
            SSLEngineResult r;
            netIn.flip();
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
            }
            switch (r.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    if (netIn.position() == netIn.capacity()) { // full, and still no whole record
                        netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                    }
                    return null;
                }
                case BUFFER_OVERFLOW -> {
                    if (appIn.position() > 0) {
                        return null;
                    }
                    appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                }
                default -> {
                    return r;
                }
            }
        }
    }

    /**
     * Hands out decrypted bytes.
     *
     * @param dst where to put them
     * @return the bytes put, 0 when none wait
     */
    public int read(ByteBuffer dst) {
        appIn.flip();
        int n = Math.min(appIn.remaining(), dst.remaining());
        int limit = appIn.limit();
        appIn.limit(appIn.position() + n);
        dst.put(appIn);
        appIn.limit(limit);
        appIn.compact();
        return n;
    }

    /** Runs the engine's delegated tasks, on this thread. */
    public void runTasks() {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }

    // ---- wrap side

    /**
     * Encrypts and sends what the channel takes. A record that the channel did not take whole goes
     * out first on the next call; the plain bytes it holds stay in {@code src} until then.
     *
     * @param src plain bytes
     * @return the plain bytes whose records were sent
     * @throws IOException when the channel or the engine fails
     */
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

    /**
     * Encrypts into the outgoing buffer, which {@link #sendPending} empties (an empty {@code plain}
     * makes the handshake message the engine wants to send).
     *
     * @param plain the bytes to encrypt
     * @return the plain bytes taken
     * @throws SSLException when the session is closed
     */
    public int wrap(ByteBuffer plain) throws SSLException {
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
                default -> throw new SSLException("the TLS session with " + peer + " is closed");
            }
        }
    }

    /**
     * Encrypts the handshake message the engine wants to send ({@code NEED_WRAP}).
     *
     * @throws SSLException when the session is closed
     */
    public void wrapHandshake() throws SSLException {
        wrap(EMPTY);
    }

    /**
     * Sends what the outgoing buffer holds, as far as the channel takes it.
     *
     * @return whether all of it went
     * @throws IOException when the channel fails
     */
    public boolean sendPending() throws IOException {
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

    /** @return whether encrypted bytes wait for the channel to become writable */
    public boolean hasPendingOutput() {
        return netOut.position() > 0;
    }

    /**
     * Closes the outbound side and tries once to send what the engine says on closing: after a
     * failed handshake, the alert that tells the peer why (as OpenSSL does). Failures are ignored:
     * the connection is dropped either way.
     */
    public void sendCloseAlert() {
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

    private static ByteBuffer grow(ByteBuffer buf, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + atLeast));
        buf.flip();
        bigger.put(buf);
        return bigger;
    }
}
