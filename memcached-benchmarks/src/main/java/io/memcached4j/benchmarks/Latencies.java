package io.memcached4j.benchmarks;

import java.util.Arrays;

/** Round-trip times in nanoseconds, kept whole in a growing array and sorted for percentiles. */
final class Latencies {
    private long[] nanos = new long[1 << 16];
    private int count;

    void record(long elapsedNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = elapsedNanos;
    }

    /** Sorts what was recorded; call once, before {@link #percentile}. */
    void sort() {
        Arrays.sort(nanos, 0, count);
    }

    /** The nearest-rank percentile, in nanoseconds; -1 when nothing was recorded. */
    long percentile(double percent) {
        if (count == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(percent / 100.0 * count);
        return nanos[Math.min(count, Math.max(rank, 1)) - 1];
    }
}
