package io.memcached4j;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The root of every failure memcached4j reports. Unchecked.
 *
 * <p>The static helpers {@link #isCacheMiss}, {@link #isCasConflict} and {@link #isBackpressure}
 * recognize failures also when they arrive wrapped in a {@link CompletionException} or
 * {@link ExecutionException}, as they do from the futures of {@link AsyncMemcachedClient}.
 */
public class MemcachedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened
     */
    public MemcachedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what happened
     * @param cause the underlying failure
     */
    public MemcachedException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Tells whether a failure is a cache miss ({@link CacheMissException}).
     *
     * @param failure any throwable, possibly wrapped by a future; may be null
     * @return true for a cache miss
     */
    public static boolean isCacheMiss(Throwable failure) {
        return unwrap(failure) instanceof CacheMissException;
    }

    /**
     * Tells whether a failure is a lost compare-and-swap ({@link CasConflictException}).
     *
     * @param failure any throwable, possibly wrapped by a future; may be null
     * @return true for a CAS conflict
     */
    public static boolean isCasConflict(Throwable failure) {
        return unwrap(failure) instanceof CasConflictException;
    }

    /**
     * Tells whether a failure is a refusal to send because too many requests are in flight
     * ({@link BackpressureException}): slow down, the server is not known to be broken.
     *
     * @param failure any throwable, possibly wrapped by a future; may be null
     * @return true for backpressure
     */
    public static boolean isBackpressure(Throwable failure) {
        return unwrap(failure) instanceof BackpressureException;
    }

    /**
     * Removes the {@link CompletionException} and {@link ExecutionException} layers futures add.
     *
     * @param failure a throwable, may be null
     * @return the first cause that is neither, or null for null
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
