package io.memcached4j.transcoder;

import io.memcached4j.MemcachedException;

/**
 * A stored value could not be decoded: its flags name another format, its bytes are damaged, or
 * it holds a serialized class the transcoder was not allowed to deserialize.
 */
public class TranscoderException extends MemcachedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public TranscoderException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public TranscoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
