package io.memcached4j.transport.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The byte stream of one connection as {@link Connection} reads and writes it: the socket itself
 * ({@link PlainWire}) or TLS over it ({@link TlsWire}). Non-blocking like the socket.
 *
 * <p>{@link #write} takes only bytes that went out to the socket: bytes it cannot send yet stay
 * in {@code src}, and the caller offers them again (with more behind them, if it likes) when the
 * socket is writable. Reads and writes may run on different threads; writes are serialized by the caller.
 */
interface Wire {
    /**
     * Reads application bytes.
     *
     * @param dst where to put them
     * @return the number of bytes read, 0 when none are available, -1 at the end of the stream
     * @throws IOException when the connection fails
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes application bytes.
     *
     * @param src the bytes; its position moves past those sent
     * @return the number of bytes sent
     * @throws IOException when the connection fails
     */
    int write(ByteBuffer src) throws IOException;

    /**
     * Writes application bytes from several buffers, in order, as {@link #write(ByteBuffer)} does
     * from one; by default one after the other, stopping at the first the socket does not take in full.
     *
     * @param srcs the buffers; their positions move past the bytes sent
     * @return the number of bytes sent
     * @throws IOException when the connection fails
     */
    default long write(ByteBuffer[] srcs) throws IOException {
        long sent = 0;
        for (ByteBuffer src : srcs) {
            if (src.hasRemaining()) {
                sent += write(src);
                if (src.hasRemaining()) {
                    break;
                }
            }
        }
        return sent;
    }

    /** @return whether {@link #read} has bytes without reading the socket, so the caller must not wait for the selector */
    boolean hasBufferedInput();

    /**
     * Advances the handshake after the TCP connect.
     *
     * @return 0 when done, else the selection operations to wait for
     * @throws IOException when the handshake fails; the message says why
     */
    int handshake() throws IOException;

    /** @return the socket under this stream */
    SocketChannel channel();
}
