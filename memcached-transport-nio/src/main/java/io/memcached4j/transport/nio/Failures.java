package io.memcached4j.transport.nio;

import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ProtocolException;
import io.memcached4j.core.codec.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;

/** The failures, and the closing of sockets, that the loop's connections and the lanes share. */
final class Failures {
    /** Connections and lanes log as {@link Connection}: one logger for everything about a server's sockets. */
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private Failures() {
    }

    /** The WARN of a desync, for the loop's connections and the lanes alike. */
    static void warnDesync(String name, ProtocolException cause) {
        LOG.warn("discarding the connection to memcached {} after a reply that is not the reply to its request "
                + "(desync) or cannot be parsed: {}", name, cause.getMessage());
    }

    /** The failure of a request without a reply by its deadline. */
    static MemcachedTimeoutException timeout(ServerNode node, Request<?> request, boolean connected) {
        return new MemcachedTimeoutException("no reply from memcached " + node + " in time ("
                + request.getClass().getSimpleName() + (connected ? "" : ", not connected") + ")");
    }

    /** The failure of a request made, or still pending, when the client closes. */
    static MemcachedConnectionException closed() {
        return new MemcachedConnectionException("the memcached client is closed");
    }

    /** Closes a channel or selector of a connection or lane, logging a failure at DEBUG; null is ignored. */
    static void closeQuietly(Closeable closeable, String name) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException e) {
                LOG.debug("closing {} of {} failed", closeable, name, e);
            }
        }
    }

    /** @return the exception's simple class name and message, for a log line or a failure's message */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }
}
