package io.memcached4j.benchmarks;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/** The phases of a fixed-duration run: warm-up, measured window, stop. */
final class RunClock {
    private static final int WARMING_UP = 0;
    private static final int MEASURING = 1;
    private static final int STOPPED = 2;

    private volatile int phase = WARMING_UP;
    private final OperatingSystemMXBean os =
            ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    private long startNanos;
    private long stopNanos;
    private long startCpuNanos;
    private long stopCpuNanos;

    boolean running() {
        return phase != STOPPED;
    }

    boolean measuring() {
        return phase == MEASURING;
    }

    /** Sleeps through the warm-up and the measured window, then tells the workers to stop. */
    void drive(Duration warmUp, Duration measured) throws InterruptedException {
        sleep(warmUp);
        startCpuNanos = os.getProcessCpuTime();
        startNanos = System.nanoTime();
        phase = MEASURING;
        sleep(measured);
        phase = STOPPED;
        stopNanos = System.nanoTime();
        stopCpuNanos = os.getProcessCpuTime();
    }

    /** The length of the measured window; valid after {@link #drive}. */
    double measuredSeconds() {
        return (stopNanos - startNanos) / 1e9;
    }

    /**
     * The CPU time this whole JVM (the client's threads, the workers, GC and JIT) used in the
     * measured window; valid after {@link #drive}. Unlike throughput, it hardly depends on what
     * else runs on the machine. The JVM reads it in clock ticks ({@code times(2)} on Linux, 10 ms),
     * so a window in which the client uses seconds of CPU is exact to a fraction of a percent.
     */
    long measuredCpuNanos() {
        return stopCpuNanos - startCpuNanos;
    }

    private static void sleep(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }
}
