package io.memcached4j.transport.nio;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    private static final long MS = 1_000_000L;

    @Test
    void doublesFromTheMinimumUpToTheCap() {
        Backoff top = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), () -> 0.999_999_999);
        assertEquals(50 * MS, top.delayNanos(1), 1_000);
        assertEquals(100 * MS, top.delayNanos(2), 1_000);
        assertEquals(200 * MS, top.delayNanos(3), 1_000);
        assertEquals(3_200 * MS, top.delayNanos(7), 1_000);
        assertEquals(5_000 * MS, top.delayNanos(8), 1_000);
        assertEquals(5_000 * MS, top.delayNanos(1_000_000), 1_000);
    }

    @Test
    void jitterDrawsBetweenHalfTheBaseAndTheBaseNeverBelowTheMinimum() {
        Backoff low = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), () -> 0.0);
        assertEquals(50 * MS, low.delayNanos(1), "never below the minimum");
        assertEquals(50 * MS, low.delayNanos(2));
        assertEquals(100 * MS, low.delayNanos(3));
        assertEquals(2_500 * MS, low.delayNanos(40));
        Backoff mid = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), () -> 0.5);
        assertEquals(150 * MS, mid.delayNanos(3));
    }

    @Test
    void realJitterStaysWithinBounds() {
        Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofMillis(300));
        for (int failures = 1; failures < 50; failures++) {
            long d = backoff.delayNanos(failures);
            assertTrue(d >= 10 * MS && d <= 300 * MS, failures + " -> " + d);
        }
    }
}
