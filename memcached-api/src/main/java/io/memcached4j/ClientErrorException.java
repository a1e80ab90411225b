package io.memcached4j;

/**
 * The server answered {@code CLIENT_ERROR} or {@code ERROR}: it refused the request as malformed or unknown.
 */
public class ClientErrorException extends MemcachedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public ClientErrorException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public ClientErrorException(String message, Throwable cause) {
        super(message, cause);
    }
}
