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
     * Encodes a request too large for a transport's write buffer as buffers to write one after the
     * other. A codec that can shares the request's value array (wrapped, not copied) rather than
     * copying it into a buffer of the request's size; the default copies.
     *
     * @param request the request, already validated
     * @return the buffers, in read mode, {@link #encodedSize} bytes in all
     */
    default ByteBuffer[] encodeLarge(Request<?> request) {
        ByteBuffer own = ByteBuffer.allocate(encodedSize(request));
        if (!encode(request, own)) {
            throw new IllegalStateException("the codec did not encode a request into its encodedSize");
        }
        return new ByteBuffer[] {own.flip()};
    }

    /**
     * Creates the decoder of one connection's replies.
     *
     * @return a new decoder, not thread-safe
     */
    ResponseDecoder newDecoder();
}
