package io.memcached4j.benchmarks;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Operations, misses and errors counted in the measured window; safe from any thread. */
final class Tally {
    private final int valueSize;
    private final LongAdder operations = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();

    Tally(int valueSize) {
        this.valueSize = valueSize;
    }

    /** Counts a successful operation that is not a read. */
    void done(boolean measured) {
        if (measured) {
            operations.increment();
        }
    }

    /** Counts a get: a null value is a miss, a value of the wrong size an error. */
    void got(boolean measured, byte[] value) {
        if (value != null && value.length != valueSize) {
            error(measured, new IllegalStateException("value of " + value.length + " bytes, expected " + valueSize));
            return;
        }
        if (measured) {
            operations.increment();
            if (value == null) {
                misses.increment();
            }
        }
    }

    /** Counts a multi-get that returned {@code found} of {@code asked} keys. */
    void gotMany(boolean measured, int asked, int found) {
        if (measured) {
            operations.increment();
            misses.add(asked - found);
        }
    }

    /** Counts a failed operation; the first failure (even in warm-up) is kept for the log. */
    void error(boolean measured, Throwable error) {
        firstError.compareAndSet(null, error);
        if (error instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (measured) {
            errors.increment();
        }
    }

    long operations() {
        return operations.sum();
    }

    long misses() {
        return misses.sum();
    }

    long errors() {
        return errors.sum();
    }

    Throwable firstError() {
        return firstError.get();
    }
}
