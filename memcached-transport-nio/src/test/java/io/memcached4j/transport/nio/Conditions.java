package io.memcached4j.transport.nio;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a condition with a deadline, polling every millisecond: tests never sleep blindly. */
final class Conditions {
    private Conditions() {
    }

    /**
     * Waits until the condition holds.
     *
     * @param within the deadline
     * @param condition the condition
     * @param what a description for the failure message
     * @return the nanoseconds waited
     */
    static long await(Duration within, BooleanSupplier condition, String what) {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + within.toMillis() + " ms: " + what);
            }
            LockSupport.parkNanos(1_000_000L);
        }
        return System.nanoTime() - start;
    }
}
