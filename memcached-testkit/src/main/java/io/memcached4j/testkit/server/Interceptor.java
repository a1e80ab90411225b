package io.memcached4j.testkit.server;

import io.memcached4j.protocol.text.server.ServerRequest;

/**
 * Lets the owner of a {@link NioServer} record requests and inject faults: it sees every
 * request before the engine does and every new connection.
 */
public interface Interceptor {

    /** What to do with a request instead of executing it normally. */
    enum Kind {
        /** Execute it, but hold its reply and everything after it for a while. */
        DELAY,
        /** Never answer it or anything after it on its connection. */
        STALL,
        /** Close the connection instead of executing it. */
        DISCONNECT,
        /** Answer fixed bytes instead of executing it. */
        REPLY
    }

    /**
     * A fault to apply to one request.
     *
     * @param kind what to do
     * @param delayNanos the delay of {@link Kind#DELAY}
     * @param reply the bytes of {@link Kind#REPLY}
     */
    record Action(Kind kind, long delayNanos, byte[] reply) {
    }

    /** Executes every request normally. */
    Interceptor NONE = new Interceptor() {
    };

    /**
     * Sees a request before the engine.
     *
     * @param connection the connection's number
     * @param request the request
     * @return a fault to apply, or null to execute it normally
     */
    default Action intercept(long connection, ServerRequest request) {
        return null;
    }

    /** @return whether new connections are closed as soon as they are accepted */
    default boolean refuseConnections() {
        return false;
    }

    /** @return how many requests a connection may send before it is closed, 0 for no limit */
    default long closeAfterRequests() {
        return 0;
    }

    /** @return how many bytes a connection may send before it is closed, 0 for no limit */
    default long closeAfterBytes() {
        return 0;
    }
}
