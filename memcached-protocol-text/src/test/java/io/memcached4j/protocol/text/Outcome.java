package io.memcached4j.protocol.text;

import io.memcached4j.MemcachedException;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.ResponseDecoder;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What decoding one reply came to: a value or an exception, comparable with {@link Golden.Reply#expected()}.
 *
 * @param value the value, when no exception
 * @param failure the exception, or null
 */
record Outcome(Object value, MemcachedException failure) {
    /** Decodes once; returns null for NEED_MORE. */
    static Outcome decodeOnce(ResponseDecoder decoder, Request<?> request, ByteBuffer in) {
        try {
            Object value = decoder.decode(request, in);
            return value == ResponseDecoder.NEED_MORE ? null : new Outcome(value, null);
        } catch (MemcachedException e) {
            return new Outcome(null, e);
        }
    }

    /** Tells whether this is what a golden reply expects. */
    boolean matches(Object expected) {
        if (expected instanceof Golden.Failure f) {
            return failure != null && failure.getClass() == f.type() && failure.getMessage().equals(f.message());
        }
        return failure == null && Objects.equals(value, expected);
    }

    @Override
    public String toString() {
        return failure != null ? failure.getClass().getSimpleName() + ": " + failure.getMessage() : String.valueOf(value);
    }
}
