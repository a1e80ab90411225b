package io.memcached4j.benchmarks.soak;

import java.time.LocalTime;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Measures the machine rather than the client: a thread that parks 10 ms at a time and records how
 * late it wakes. On a machine shared with other work, a wake-up more than 100 ms late means any
 * thread (an I/O thread, a timer) could have been held up as long, whatever the client does.
 */
final class SchedulingProbe implements Runnable {
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final BooleanSupplier running;
    private volatile long maxLateNanos;
    private volatile int lateOver100;
    private final List<String> examples = new CopyOnWriteArrayList<>();
    /** The stalls over 100 ms, as {start, end} in System.nanoTime: when no thread of this JVM could count on running. */
    private final Queue<long[]> stalls = new ConcurrentLinkedQueue<>();

    SchedulingProbe(BooleanSupplier running) {
        this.running = running;
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            long before = System.nanoTime();
            LockSupport.parkNanos(PARK_NANOS);
            long late = System.nanoTime() - before - PARK_NANOS;
            if (late > maxLateNanos) {
                maxLateNanos = late;
            }
            if (late > LATE_NANOS) {
                lateOver100++;
                long end = System.nanoTime();
                stalled(end - late, end);
                if (examples.size() < 10) {
                    examples.add(LocalTime.now() + " woke " + TimeUnit.NANOSECONDS.toMillis(late) + " ms late");
                }
            }
        }
    }

    long maxLateMillis() {
        return TimeUnit.NANOSECONDS.toMillis(maxLateNanos);
    }

    int lateOver100() {
        return lateOver100;
    }

    /** Records that no thread of this JVM ran from {@code start} to {@code end} (System.nanoTime). */
    void stalled(long start, long end) {
        stalls.add(new long[] {start, end});
    }

    /**
     * @param from the start of an interval, System.nanoTime
     * @param to its end
     * @return whether the machine stalled for more than 100 ms at some time within the interval
     */
    boolean stalledWithin(long from, long to) {
        for (long[] stall : stalls) {
            if (stall[0] - to <= 0 && from - stall[1] <= 0) {
                return true;
            }
        }
        return false;
    }

    List<String> examples() {
        return List.copyOf(examples);
    }
}
