package io.memcached4j;

import java.util.List;

/**
 * Hears what a client does, for metrics and tracing: requests, connections and their failures.
 * Registered with {@link ClientConfig.Builder#listener(ClientListener)}; a client without a listener
 * records nothing and pays one null check per request.
 *
 * <p>Every method has a no-op default. Methods run on the caller's thread or the client's I/O
 * threads, concurrently: they must be thread-safe, fast and must not block. An exception a listener
 * throws is logged and otherwise ignored. Values and keys are never passed; a server is named by its
 * address and a command by its word ({@code get}, {@code set}, {@code mg}...).
 */
public interface ClientListener {

    /** How a request ended, as {@link #requestFinished} reports it. */
    enum Outcome {
        /** A retrieval found its key (a multi-key one, at least one of its keys); a meta get with a value or header. */
        HIT,
        /** A retrieval found none of its keys. */
        MISS,
        /** A storage command stored its value. */
        STORED,
        /** A storage command stored nothing: add of a present key, replace, append or prepend of a missing one, a CAS conflict. */
        NOT_STORED,
        /** A delete, touch, incr, decr or cas found no such key. */
        NOT_FOUND,
        /** Any other success: a delete, touch or counter change done, stats, version, flush_all, a raw command. */
        OK,
        /** The request failed: timeout, connection, server or client error, protocol error, backpressure. */
        ERROR
    }

    /**
     * A client was opened with this listener; before its first request. Its server list is
     * {@code config.servers()} (empty when discovery names them: each comes as {@link #serverAdded}).
     *
     * @param config the client's configuration (its servers and connections per server)
     */
    default void clientOpened(ClientConfig config) {
    }

    /**
     * A client with this listener was closed; its connections have been reported down.
     *
     * @param config the client's configuration
     * @param servers its server list when it was closed: {@code config.servers()} with the changes
     *     reported to {@link #serverAdded} and {@link #serverRemoved}
     */
    default void clientClosed(ClientConfig config, List<ServerAddress> servers) {
    }

    /**
     * A request is about to be sent, on the caller's thread. Exactly one {@link #requestFinished}
     * follows, with the context returned here.
     *
     * @param command the command word, such as {@code get}
     * @param server the server it goes to
     * @return anything the listener wants back in {@link #requestFinished} (a span, say); may be null
     */
    default Object requestStarted(String command, ServerAddress server) {
        return null;
    }

    /**
     * A request completed, before its future's callbacks run (usually on an I/O thread).
     *
     * @param context what {@link #requestStarted} returned for it
     * @param command the command word
     * @param server the server it went to
     * @param outcome how it ended
     * @param durationNanos the time from {@link #requestStarted} to now, in nanoseconds
     * @param failure the exception it failed with, else null; set for {@link Outcome#ERROR}, and for a
     *     cas that ended {@link Outcome#NOT_STORED} or {@link Outcome#NOT_FOUND}
     */
    default void requestFinished(Object context, String command, ServerAddress server, Outcome outcome,
                                 long durationNanos, Throwable failure) {
    }

    /**
     * A retrieval completed: how many of its keys were found. Called for every successful
     * {@code get}, {@code gets}, {@code gat} and meta get, just before {@link #requestFinished}, once
     * per request: a multi-get reports all its keys to one server in one call.
     *
     * @param context what {@link #requestStarted} returned for it
     * @param command the command word
     * @param server the server asked
     * @param hits the keys found
     * @param misses the keys not found
     */
    default void retrieved(Object context, String command, ServerAddress server, int hits, int misses) {
    }

    /**
     * A request failed with {@link MemcachedTimeoutException}; also reported to {@link #requestFinished}.
     *
     * @param command the command word
     * @param server the server it went to
     */
    default void timeout(String command, ServerAddress server) {
    }

    /**
     * A request was refused with {@link BackpressureException} because its connection had
     * {@link ClientConfig#maxRequestsInFlight()} requests; also reported to {@link #requestFinished}.
     *
     * @param command the command word
     * @param server the server it was for
     */
    default void backpressure(String command, ServerAddress server) {
    }

    /**
     * A connection to a server is ready for requests (connected, TLS and login done).
     *
     * @param server the server
     * @param reconnect whether it replaces a connection that had been up before
     */
    default void connectionUp(ServerAddress server, boolean reconnect) {
    }

    /**
     * A connection that was up is no longer: lost, discarded, replaced or closed. Once per
     * {@link #connectionUp}.
     *
     * @param server the server
     * @param cause why, never null
     */
    default void connectionDown(ServerAddress server, Throwable cause) {
    }

    /**
     * A reply did not answer its request or could not be parsed, so the connection is discarded
     * (its {@link #connectionDown} follows).
     *
     * @param server the server
     * @param cause what was wrong
     */
    default void desync(ServerAddress server, ProtocolException cause) {
    }

    /**
     * A server joined the client's list ({@link MemcachedClient#updateServers}, or server discovery);
     * requests are routed to it from now on. Not called for the servers a client opens with.
     *
     * @param config the configuration of the client whose list changed (its connections per server)
     * @param server the server added
     */
    default void serverAdded(ClientConfig config, ServerAddress server) {
    }

    /**
     * A server left the client's list: no new request goes to it; the requests already sent to it
     * complete or time out, then its connections close (each reported by {@link #connectionDown}).
     *
     * @param config the configuration of the client whose list changed
     * @param server the server removed
     */
    default void serverRemoved(ClientConfig config, ServerAddress server) {
    }
}
