package io.memcached4j.core;

import io.memcached4j.BackpressureException;
import io.memcached4j.ClientConfig;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The request slots of one connection: at most {@link ClientConfig#maxRequestsInFlight()} requests
 * between their submission and the transport's last use of them. The one place of backpressure for
 * every transport: an asynchronous caller that finds no free slot fails at once with
 * {@link BackpressureException}, a blocking one waits for a slot up to its timeout.
 */
public final class RequestSlots {
    private final Semaphore free;
    private final int limit;
    private final Object connection;

    /**
     * Creates the slots of a connection.
     *
     * @param limit the most requests in flight, positive
     * @param connection names the connection (usually its server) in failure messages
     */
    public RequestSlots(int limit, Object connection) {
        if (limit < 1) {
            throw new IllegalArgumentException("the request slot limit must be positive, was " + limit);
        }
        this.free = new Semaphore(limit);
        this.limit = limit;
        this.connection = connection;
    }

    /**
     * Takes a slot, or says why none was taken.
     *
     * @param blocking whether to wait for a slot up to {@code timeoutNanos} rather than fail at once
     * @param timeoutNanos how long a blocking caller waits
     * @return null when a slot was taken; else the failure to report, nothing taken:
     *     {@link BackpressureException} for an asynchronous caller, {@link MemcachedTimeoutException}
     *     for a blocking one that waited in vain, a {@link MemcachedException} when interrupted
     */
    public MemcachedException acquire(boolean blocking, long timeoutNanos) {
        if (free.tryAcquire()) {
            return null;
        }
        if (!blocking) {
            return new BackpressureException("too many requests in flight to memcached " + connection
                    + " (the limit is " + limit + " per connection, ClientConfig.maxRequestsInFlight): slow down");
        }
        try {
            if (free.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
                return null;
            }
            return new MemcachedTimeoutException("no free request slot to memcached " + connection
                    + " within the timeout (" + limit + " requests in flight)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MemcachedException("interrupted while waiting for a request slot to memcached " + connection, e);
        }
    }

    /** Gives a slot back; once per successful {@link #acquire}. */
    public void release() {
        free.release();
    }

    /** @return the slots free now */
    public int available() {
        return free.availablePermits();
    }

    /** @return the slots taken now */
    public int inUse() {
        return limit - free.availablePermits();
    }

    /** @return the most requests in flight */
    public int limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "RequestSlots[" + connection + ": " + inUse() + "/" + limit + "]";
    }
}
