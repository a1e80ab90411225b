package io.memcached4j;

/**
 * The client refused a request because too many are already in flight on its connection
 * ({@link ClientConfig#maxRequestsInFlight()}): nothing was sent. It says "slow down", not "the
 * server is broken": retry later, or send fewer requests at once.
 */
public class BackpressureException extends MemcachedException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened, naming the server and the limit
     */
    public BackpressureException(String message) {
        super(message);
    }
}
