package io.memcached4j.core.codec;

import java.nio.ByteBuffer;

/**
 * Turns {@link Request}s into bytes and replies back into values, for a transport. Holds no
 * connection state: {@link #newDecoder()} gives each connection its own decoder.
 */
public interface ProtocolCodec {

    /**
     * Writes a request into a buffer, or nothing at all when it does not fit.
     *
     * @param request the request, already validated
     * @param out a buffer in write mode
     * @return true when written; false when {@code out} has fewer than {@link #encodedSize} bytes free,
     *     in which case {@code out} is unchanged
     */
    boolean encode(Request<?> request, ByteBuffer out);

    /**
     * Returns the exact number of bytes {@link #encode} writes for a request.
     *
     * @param request the request
     * @return the size in bytes
     */
    int encodedSize(Request<?> request);

    /**
     * Creates the decoder of one connection's replies.
     *
     * @return a new decoder, not thread-safe
     */
    ResponseDecoder newDecoder();
}
