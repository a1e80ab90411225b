package io.memcached4j.testkit.internal.server;

import io.memcached4j.protocol.text.server.ServerRequest;

/**
 * What the fake asks before it accepts a connection ({@link NioServer}, the in-memory transport),
 * executes a request or writes a reply ({@link Session}), so that request logging and fault
 * injection live outside the server. Called on the threads that serve connections (the server's
 * loop, in-memory clients' threads): implementations must be thread-safe and must not block.
 */
public interface ServerHooks {
    /** Hooks that change nothing: every connection is kept, every request executed. */
    ServerHooks NONE = new ServerHooks() {
    };

    /**
     * Decides whether a connection the server just accepted is kept.
     *
     * @return false to close it at once, without a byte
     */
    default boolean admit() {
        return true;
    }

    /**
     * Sees one request before it is executed and decides how it is answered.
     *
     * @param connectionId the id of the connection it came on
     * @param sequence its index on that connection, from 0
     * @param request the parsed request (or the protocol outcome the parser produced)
     * @param commandLine the bytes of its command line as received, without the line end
     * @return how to answer it; {@link Directive#PROCEED} for normally
     */
    default Directive onRequest(long connectionId, int sequence, ServerRequest request, byte[] commandLine) {
        return Directive.PROCEED;
    }

    /** @return the number of reply bytes after which each connection is closed; {@link Long#MAX_VALUE} for no limit */
    default long replyByteLimit() {
        return Long.MAX_VALUE;
    }
}
