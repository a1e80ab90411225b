package io.memcached4j.testkit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ServerClock} that only moves when a test moves it. Thread-safe.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * try (FakeMemcached fake = FakeMemcached.builder().clock(clock).start()) {
 *     // set a key with a 10 s expiration ...
 *     clock.advance(Duration.ofSeconds(11)); // ... and it is gone
 * }
 * }</pre>
 */
public final class ManualClock implements ServerClock {
    private final AtomicLong epochSecond;

    /** Creates a clock at the current system time. */
    public ManualClock() {
        this(System.currentTimeMillis() / 1000);
    }

    /**
     * Creates a clock at a given time.
     *
     * @param epochSecond the initial Unix time in seconds
     */
    public ManualClock(long epochSecond) {
        this.epochSecond = new AtomicLong(epochSecond);
    }

    @Override
    public long epochSecond() {
        return epochSecond.get();
    }

    /**
     * Moves the clock forward (or back, with a negative duration); sub-second parts are dropped.
     *
     * @param duration how far to move
     * @return the new time in seconds
     */
    public long advance(Duration duration) {
        return epochSecond.addAndGet(duration.getSeconds());
    }

    /**
     * Sets the clock.
     *
     * @param newEpochSecond the new Unix time in seconds
     */
    public void set(long newEpochSecond) {
        epochSecond.set(newEpochSecond);
    }
}
