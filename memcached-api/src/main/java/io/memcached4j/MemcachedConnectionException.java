package io.memcached4j;

/**
 * A server could not be reached, or its connection was lost while the operation was pending.
 */
public class MemcachedConnectionException extends MemcachedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public MemcachedConnectionException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public MemcachedConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
