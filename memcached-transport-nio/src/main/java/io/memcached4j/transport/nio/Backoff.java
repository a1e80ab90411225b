package io.memcached4j.transport.nio;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter: after the n-th consecutive failure the base delay is
 * {@code min * 2^(n-1)}, capped at {@code max}, and the delay drawn is uniform between half the
 * base and the base, never below {@code min}.
 */
final class Backoff {
    private final long minNanos;
    private final long maxNanos;
    private final DoubleSupplier random;

    Backoff(Duration min, Duration max) {
        this(min, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Creates a backoff with a chosen source of randomness, for tests.
     *
     * @param min the first delay
     * @param max the cap
     * @param random values in [0, 1)
     */
    Backoff(Duration min, Duration max, DoubleSupplier random) {
        this.minNanos = min.toNanos();
        this.maxNanos = Math.max(minNanos, max.toNanos());
        this.random = random;
    }

    /**
     * Returns the delay before the next attempt.
     *
     * @param failures consecutive failures so far, 1 or more
     * @return the delay in nanoseconds, within [min, max]
     */
    long delayNanos(int failures) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 62);
        long base = minNanos;
        for (int i = 0; i < doublings && base < maxNanos; i++) {
            base = base > maxNanos / 2 ? maxNanos : base * 2;
        }
        base = Math.min(base, maxNanos);
        long half = base / 2;
        long delay = half + (long) (random.getAsDouble() * (base - half));
        return Math.max(minNanos, Math.min(delay, maxNanos));
    }
}
