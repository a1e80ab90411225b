package io.memcached4j.benchmarks.soak;

import io.memcached4j.MemcachedException;

import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What happened to the requests of one target: counts by outcome, wrong values and late futures. */
final class SoakTally {
    /** A future that completes more than this after its timeout is late. */
    static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long timeoutNanos;
    final LongAdder requests = new LongAdder();
    final LongAdder successes = new LongAdder();
    final LongAdder wrongValues = new LongAdder();
    final LongAdder late = new LongAdder();
    /** The late futures kept to be matched against the machine's stalls; later ones count as the client's. */
    private static final int MAX_LATE_KEPT = 10_000;
    /** The late futures, as {when it should have completed, when it did} in System.nanoTime. */
    private final Queue<long[]> lateIntervals = new ConcurrentLinkedQueue<>();
    private final AtomicLong lateKept = new AtomicLong();
    final AtomicLong maxOverTimeoutNanos = new AtomicLong(Long.MIN_VALUE);
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();

    SoakTally(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Records a finished request.
     *
     * @param what the operation, for the examples
     * @param startNanos when the call was made
     * @param failure its failure, or null
     */
    void finished(String what, long startNanos, Throwable failure) {
        finished(what, startNanos, System.nanoTime(), failure);
    }

    /** As {@link #finished(String, long, Throwable)}, completed at {@code endNanos}. */
    void finished(String what, long startNanos, long endNanos, Throwable failure) {
        long took = endNanos - startNanos;
        requests.increment();
        long over = took - timeoutNanos;
        maxOverTimeoutNanos.accumulateAndGet(over, Math::max);
        if (over > LATE_NANOS) {
            late.increment();
            if (lateKept.incrementAndGet() <= MAX_LATE_KEPT) {
                lateIntervals.add(new long[] {endNanos - over, endNanos});
            }
            example(what + " late by " + TimeUnit.NANOSECONDS.toMillis(over) + " ms past the timeout"
                    + (failure == null ? "" : " (" + MemcachedException.unwrap(failure) + ")"));
        }
        if (failure == null) {
            successes.increment();
        } else {
            Throwable cause = MemcachedException.unwrap(failure);
            failures.computeIfAbsent(cause.getClass().getSimpleName(), k -> new LongAdder()).increment();
        }
    }

    /**
     * @param probe what the machine did meanwhile
     * @return the late futures whose lateness no stall of the machine explains: none stalled more than
     *     100 ms between the time the future was due (with 100 ms of margin, the probe's own resolution
     *     and the hop to the caller's thread) and the time it completed; past the first 10,000 late
     *     futures, every one counts
     */
    long lateWithoutStall(SchedulingProbe probe) {
        long explained = lateIntervals.stream()
                .filter(i -> probe.stalledWithin(i[0] - LATE_NANOS, i[1] + LATE_NANOS))
                .count();
        return late.sum() - explained;
    }

    /** Records a value that does not belong to the key it was read under. */
    void wrongValue(String what) {
        wrongValues.increment();
        example("wrong value: " + what);
    }

    private void example(String text) {
        if (examples.size() < 10) {
            examples.add(java.time.LocalTime.now() + " " + text);
        }
    }

    /** @return failures by exception type, sorted by name */
    Map<String, Long> failures() {
        Map<String, Long> sorted = new TreeMap<>();
        failures.forEach((type, count) -> sorted.put(type, count.sum()));
        return sorted;
    }

    /** @return up to ten wrong values and late futures, as seen */
    Iterable<String> examples() {
        return examples;
    }
}
