package io.memcached4j.core.codec;

import io.memcached4j.ProtocolException;

import java.nio.ByteBuffer;

/**
 * Decodes the replies of one connection incrementally, in request order: a reply may arrive
 * split at any byte, several may arrive in one read. Not thread-safe.
 *
 * <p>Outcomes of {@link #decode}: the reply value; {@link #NEED_MORE} when the reply is not
 * complete (the decoder may have consumed and kept part of it); a thrown
 * {@link io.memcached4j.MemcachedException} other than {@link ProtocolException} when the server
 * answered with an error ({@code ERROR}, {@code CLIENT_ERROR}, {@code SERVER_ERROR}), after which
 * the stream is still in step; or a thrown {@link ProtocolException} when the bytes make no
 * sense, after which the connection must be discarded.
 */
public interface ResponseDecoder {
    /** Returned by {@link #decode} while a reply is incomplete. */
    Object NEED_MORE = new Object() {
        @Override
        public String toString() {
            return "NEED_MORE";
        }
    };

    /**
     * Decodes the reply to a request from the bytes available.
     *
     * @param request the request this reply answers (the oldest awaiting one)
     * @param in a buffer in read mode; consumed bytes are skipped past
     * @return the reply as {@link Request} documents it (null for {@code Void}), or {@link #NEED_MORE}
     * @throws ProtocolException when the bytes are not a reply to that request
     */
    Object decode(Request<?> request, ByteBuffer in);
}
