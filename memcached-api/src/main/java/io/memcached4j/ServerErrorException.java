package io.memcached4j;

/**
 * The server answered {@code SERVER_ERROR}: it could not carry out a well-formed request (out of memory, object too large, ...).
 */
public class ServerErrorException extends MemcachedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public ServerErrorException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public ServerErrorException(String message, Throwable cause) {
        super(message, cause);
    }
}
