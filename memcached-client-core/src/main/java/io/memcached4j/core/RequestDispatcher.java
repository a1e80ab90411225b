package io.memcached4j.core;

import io.memcached4j.ClientConfig;
import io.memcached4j.LineConnection;
import io.memcached4j.spi.Request;

import java.util.concurrent.CompletableFuture;

/**
 * What a transport implements to get a complete client from {@link DispatchingClient}: carrying a
 * validated {@link Request} to a server and its reply back. Servers are named by their index in
 * {@code config().servers()}; the client chooses the server of a key itself ({@link Ketama}).
 */
public interface RequestDispatcher {

    /**
     * Returns the configuration the transport was opened with.
     *
     * @return the configuration
     */
    ClientConfig config();

    /**
     * Sends a request and completes the returned future with the mapped reply, or with a
     * {@link io.memcached4j.MemcachedException} (timeout, connection, server error; backpressure
     * from {@link RequestSlots}). Never called with {@code blocking} on an I/O thread.
     *
     * @param server the server's index
     * @param request the validated request
     * @param mapper turns the decoded reply into the result
     * @param timeoutNanos the time the request may take
     * @param blocking whether a caller waits for a free slot (up to the timeout) when the
     *     connection is full, rather than failing at once
     * @param <D> the decoded reply type
     * @param <T> the result type
     * @return the future result
     */
    <D, T> CompletableFuture<T> send(int server, Request<D> request, ReplyMapper<D, T> mapper,
                                     long timeoutNanos, boolean blocking);

    /**
     * Sends a request for a blocking caller that waits for this one result at once: like
     * {@link #send} with {@code blocking}, but a transport may carry it on the calling thread and
     * return the future completed.
     *
     * @param server the server's index
     * @param request the validated request
     * @param mapper turns the decoded reply into the result
     * @param timeoutNanos the time the request may take
     * @param <D> the decoded reply type
     * @param <T> the result type
     * @return the future result
     */
    default <D, T> CompletableFuture<T> call(int server, Request<D> request, ReplyMapper<D, T> mapper, long timeoutNanos) {
        return send(server, request, mapper, timeoutNanos, true);
    }

    /**
     * Returns the guard that knows the transport's own I/O threads, on which a blocking call would
     * deadlock; the futures {@link #send} returns are {@link ClientFuture}s made with it.
     *
     * @return the guard, the same every time
     */
    IoThreadGuard ioThreadGuard();

    /**
     * Opens a connection of its own to a server; see {@link io.memcached4j.MemcachedClient#openLineConnection}.
     *
     * @param server the server's index
     * @return the open connection
     */
    LineConnection openLineConnection(int server);

    /**
     * Returns the transport's name, for {@code toString()}.
     *
     * @return the name, such as {@code nio}
     */
    String name();

    /** Fails pending requests, closes connections and stops the transport's threads. Idempotent. */
    void close();
}
