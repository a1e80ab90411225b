package io.memcached4j;

/**
 * An operation or a connection attempt did not complete within its timeout.
 */
public class MemcachedTimeoutException extends MemcachedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public MemcachedTimeoutException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public MemcachedTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
