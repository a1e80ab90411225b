package io.memcached4j.process;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits in tests for a condition to hold: polls it every millisecond, parked in between (no
 * spinning on a busy machine, no blind sleep), and fails with an {@link AssertionError} naming
 * what was awaited when the deadline passes.
 */
public final class Await {
    private static final long POLL_NANOS = 1_000_000L;

    private Await() {
    }

    /**
     * Returns once {@code condition} holds.
     *
     * @param within how long to wait at most
     * @param condition the condition, polled from the calling thread
     * @param what what is awaited, for the failure message
     * @return the nanoseconds waited
     * @throws AssertionError when the condition still does not hold after {@code within}
     */
    public static long until(Duration within, BooleanSupplier condition, String what) {
        Objects.requireNonNull(condition, "condition");
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + within.toMillis() + " ms: " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return System.nanoTime() - start;
    }
}
