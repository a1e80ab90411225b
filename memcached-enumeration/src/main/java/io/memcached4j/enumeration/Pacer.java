package io.memcached4j.enumeration;

import java.time.Duration;

/** The clock and the pauses of retries with backoff; tests replace it to run without waiting. */
interface Pacer {
    /** The system clock and {@link Thread#sleep}. */
    Pacer SYSTEM = new Pacer() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration pause) throws InterruptedException {
            Thread.sleep(pause.toMillis());
        }
    };

    /** @return a monotonic time in nanoseconds */
    long nanoTime();

    /**
     * Waits.
     *
     * @param pause how long
     * @throws InterruptedException when interrupted meanwhile
     */
    void sleep(Duration pause) throws InterruptedException;
}
