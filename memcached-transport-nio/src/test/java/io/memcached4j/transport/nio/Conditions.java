package io.memcached4j.transport.nio;


import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    /**
     * Waits up to 10 seconds for a future that must fail.
     *
     * @param future the future
     * @return its failure, unwrapped from the {@link ExecutionException}
     */
    static Throwable failure(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the future did not complete", e);
        }
        throw new AssertionError("the future succeeded");
    }
}
