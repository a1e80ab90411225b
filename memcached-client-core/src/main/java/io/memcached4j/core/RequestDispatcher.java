package io.memcached4j.core;

import io.memcached4j.ClientConfig;
import io.memcached4j.LineConnection;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.codec.Request;

import java.util.concurrent.CompletableFuture;

/**
 * What a transport implements to get a complete client from {@link DispatchingClient}: carrying a
 * validated {@link Request} to a server and its reply back. Servers are named by an id: the servers
 * of {@code config().servers()} are 0, 1, ... in that order, and each server added at run time
 * ({@link #addServer}) gets an id never used before. The client chooses the server of a key itself
 * ({@link Ketama}) and owns the server list; the transport owns the connections.
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
     * @param server the server's id
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
     * Sends a request the client observes: like {@link #send}, but a transport that makes its
     * futures may make this one with the observer ({@link ClientFuture#ClientFuture(IoThreadGuard,
     * long, ClientFuture.Observer, Request)}), which spares the client observing it once it is
     * returned. A future made otherwise is observed by the client as it is returned. Once it made
     * the future with the observer, the transport reports any failure through that future, never by
     * throwing: the observer has heard that the request started.
     *
     * @param server the server's id
     * @param request the validated request
     * @param mapper turns the decoded reply into the result
     * @param timeoutNanos the time the request may take
     * @param blocking whether a caller waits for a free slot rather than failing at once
     * @param observer the client's observer of the request; null when the client has no listener
     * @param <D> the decoded reply type
     * @param <T> the result type
     * @return the future result
     */
    default <D, T> CompletableFuture<T> send(int server, Request<D> request, ReplyMapper<D, T> mapper,
                                             long timeoutNanos, boolean blocking, ClientFuture.Observer observer) {
        return send(server, request, mapper, timeoutNanos, blocking);
    }

    /**
     * Sends a request for a blocking caller that waits for this one result at once: like
     * {@link #send} with {@code blocking}, but a transport may carry it on the calling thread and
     * return the future completed.
     *
     * @param server the server's id
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
     * {@link #call} for a request the client observes, made with the observer or not, as
     * {@link #send(int, Request, ReplyMapper, long, boolean, ClientFuture.Observer)} says.
     *
     * @param server the server's id
     * @param request the validated request
     * @param mapper turns the decoded reply into the result
     * @param timeoutNanos the time the request may take
     * @param observer the client's observer of the request; null when the client has no listener
     * @param <D> the decoded reply type
     * @param <T> the result type
     * @return the future result
     */
    default <D, T> CompletableFuture<T> call(int server, Request<D> request, ReplyMapper<D, T> mapper, long timeoutNanos,
                                             ClientFuture.Observer observer) {
        return call(server, request, mapper, timeoutNanos);
    }

    /**
     * Whether the futures {@link #send} and {@link #call} return for requests they took are
     * {@link ClientFuture}s stamped with the {@link System#nanoTime()} they took the request at
     * ({@link ClientFuture#ClientFuture(IoThreadGuard, long)}) and completed with the time their reply
     * was read ({@link ClientFuture#complete(Object, long)}): a client with a listener then reads no
     * clock of its own to time requests. A future not stamped is timed from when the client got it.
     *
     * @return false unless the transport promises so
     */
    default boolean stampsFutures() {
        return false;
    }

    /**
     * Returns the guard that knows the transport's own I/O threads, on which a blocking call would
     * deadlock; the futures {@link #send} returns are {@link ClientFuture}s made with it.
     *
     * @return the guard, the same every time
     */
    IoThreadGuard ioThreadGuard();

    /**
     * Opens a connection of its own to a server, with the client's TLS and login; see
     * {@link io.memcached4j.MemcachedClient#openLineConnection}. Server discovery uses it to ask a
     * configuration endpoint that is not one of the servers.
     *
     * @param server the address to connect to
     * @return the open connection
     */
    LineConnection openLineConnection(ServerAddress server);

    /**
     * Starts serving a server added to the client's list (connections open in the background);
     * called before any request is sent to it, one change at a time.
     *
     * @param server the new server's id, never used before
     * @param address its address
     */
    void addServer(int server, ServerAddress address);

    /**
     * Retires a server removed from the client's list: requests already sent to it complete, fail or
     * time out as usual, then its connections close; a request for it sent later fails at once with
     * {@link io.memcached4j.MemcachedConnectionException} saying it was removed. Never blocks.
     *
     * @param server the removed server's id
     */
    void removeServer(int server);

    /**
     * Returns the transport's name, for {@code toString()}.
     *
     * @return the name, such as {@code nio}
     */
    String name();

    /** Fails pending requests, closes connections and stops the transport's threads. Idempotent. */
    void close();
}
