package io.memcached4j.transport.nio;

import io.memcached4j.ClientListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How a connection's channels fare: the failures in a row and the backoff they earn, whether the
 * current channel has answered, and whether the listener was told the connection is up. It says
 * how loudly to log: a working connection's failure is a WARN, the repeated failures of channels
 * that never worked are DEBUG. Loop thread, except the volatile reads for callers.
 */
final class ChannelHealth {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final ServerNode node;
    private final String name;
    private final Backoff backoff;
    private int failures;
    private long reconnectAt;
    private boolean everConnected;
    /** Whether the listener was told this connection is up, and not yet that it is down. */
    private boolean up;
    /**
     * Whether the current channel has decoded a reply; a channel that never did is replaced with
     * backoff. Read by callers choosing a {@link Lane}.
     */
    private volatile boolean healthy;
    private volatile String downReason;

    ChannelHealth(ServerNode node, String name, Backoff backoff) {
        this.node = node;
        this.name = name;
        this.backoff = backoff;
    }

    /** @return whether the current channel has answered properly; any thread */
    boolean healthy() {
        return healthy;
    }

    /** @return why the connection is down, or null when it is not; any thread */
    String downReason() {
        return downReason;
    }

    /** A reply was decoded: the channel works. */
    void replied() {
        if (!healthy) {
            healthy = true;
            failures = 0;
        }
    }

    /** A new channel is ready for requests; it counts as working once it answers. */
    void connected() {
        healthy = false;
        if (everConnected) {
            LOG.info("reconnected to memcached {}{}", name, failures > 0 ? " after " + failures + " failed attempt(s)" : "");
        } else {
            LOG.info("connected to memcached {}", name);
        }
        downReason = null;
    }

    /** Tells the listener that the connection is up, once its channel took what waited for it. */
    void announceUp() {
        boolean reconnect = everConnected;
        everConnected = true;
        up = true;
        ClientListener listener = node.listener;
        if (listener != null) {
            listener.connectionUp(node.address, reconnect);
        }
    }

    /** Tells the listener that this connection, if it was up, is down; the cause is made only then. */
    void wentDown(Supplier<? extends Throwable> cause) {
        if (up) {
            up = false;
            ClientListener listener = node.listener;
            if (listener != null) {
                listener.connectionDown(node.address, cause.get());
            }
        }
    }

    /**
     * A channel failed: tells whether to replace it at once, as it had been working (and forgets
     * that it was), or after a backoff ({@link #failed}).
     */
    boolean replaceAtOnce() {
        boolean wasHealthy = healthy;
        healthy = false;
        return wasHealthy;
    }

    /**
     * Counts a failure and schedules the next attempt after its backoff.
     *
     * @return the delay until {@link #reconnectDue}
     */
    long failed(String reason) {
        failures++;
        downReason = reason;
        long delay = backoff.delayNanos(failures);
        reconnectAt = System.nanoTime() + delay;
        return delay;
    }

    boolean reconnectDue(long now) {
        return now - reconnectAt >= 0;
    }

    /** Logs a failed connection attempt: the first as a WARN, the next ones as DEBUG. */
    void logConnectFailure(String reason, long delayNanos) {
        if (failures == 1) {
            LOG.warn("cannot connect to memcached {}: {}; retrying with backoff, first in {} ms",
                    name, reason, TimeUnit.NANOSECONDS.toMillis(delayNanos));
        } else {
            LOG.debug("cannot connect to memcached {} (attempt {}): {}; retrying in {} ms",
                    name, failures, reason, TimeUnit.NANOSECONDS.toMillis(delayNanos));
        }
    }

    /** Logs a channel's failure: a WARN for a working connection, DEBUG for repeated failures of channels that never worked. */
    void logFailure(String format, Object detail) {
        if (healthy || failures == 0) {
            LOG.warn(format, name, detail);
        } else {
            LOG.debug(format, name, detail);
        }
    }
}
