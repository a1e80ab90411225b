package io.memcached4j.transport.nio;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Keeps timeouts on time while a callback blocks an I/O thread. Every {@value #PERIOD_MILLIS} ms
 * while a loop is awake, it checks that each loop moves; a loop that has not moved for
 * {@value #STALL_MILLIS} ms is blocked (a callback that waits, or runs long), and from then on the
 * watchdog fails its overdue requests itself, so their futures (and their callbacks) complete on
 * the watchdog's thread. It logs one WARN per blocking naming the blocked thread and where it
 * waits (a callback, a listener, or the client's own work such as a TLS handshake on a slow
 * machine): once the thread waits (not runnable) for {@value #STALL_MILLIS} ms, or runs one
 * callback for a second. It also ends the blocking lanes' calls at their deadlines ({@link LaneClock}). It
 * sleeps without a timer while every loop does and no lane waits.
 */
final class Watchdog implements Runnable {
    static final long PERIOD_MILLIS = 10;
    static final long STALL_MILLIS = 20;
    private static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS);
    private static final long RUNNING_WARN_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    private final EventLoop[] loops;
    private final LaneClock lanes;
    private final long[] lastTurns;
    private final long[] stillSince;
    private final boolean[] warned;
    private volatile boolean stopping;

    Watchdog(EventLoop[] loops, LaneClock lanes) {
        this.loops = loops.clone();
        this.lanes = lanes;
        this.lastTurns = new long[loops.length];
        this.stillSince = new long[loops.length];
        this.warned = new boolean[loops.length];
    }

    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        Arrays.fill(stillSince, now);
        while (!stopping) {
            if (allSleepUntimed() && lanes.maySleepUntimed(Thread.currentThread())) {
                LockSupport.park(this); // a loop that wakes from such a sleep, or a lane that waits, unparks us
                lanes.awake();
            } else {
                LockSupport.parkNanos(this, PERIOD_NANOS);
            }
            if (stopping) {
                return;
            }
            now = System.nanoTime();
            check(now);
            lanes.expireOverdue(now);
        }
    }

    private boolean allSleepUntimed() {
        for (EventLoop loop : loops) {
            if (!loop.sleepsUntimed() || !loop.isSleeping()) {
                return false;
            }
        }
        return true;
    }

    private void check(long now) {
        for (int i = 0; i < loops.length; i++) {
            EventLoop loop = loops[i];
            long turns = loop.turns();
            if (turns != lastTurns[i] || loop.isSleeping()) {
                lastTurns[i] = turns;
                stillSince[i] = now;
                warned[i] = false;
                continue;
            }
            long still = now - stillSince[i];
            if (still < STALL_NANOS) {
                continue;
            }
            loop.expireOverdue(now);
            Thread thread = loop.thread();
            if (!warned[i] && thread != null) {
                Thread.State state = thread.getState();
                if (state != Thread.State.RUNNABLE || still >= RUNNING_WARN_NANOS) {
                    warned[i] = true;
                    LOG.warn("memcached4j I/O thread {} is blocked or busy ({} for {} ms, at {}): callbacks on the "
                                    + "client's futures and listeners must not block (the stack shows whether one did, or "
                                    + "the client's own work, such as a TLS handshake, ran long); timeouts of its requests "
                                    + "fire from {} meanwhile",
                            thread.getName(), state, TimeUnit.NANOSECONDS.toMillis(still), where(thread),
                            Thread.currentThread().getName());
                }
            }
        }
    }

    /** The top of a thread's stack, for the WARN. */
    private static String where(Thread thread) {
        return Arrays.stream(thread.getStackTrace()).limit(6).map(StackTraceElement::toString)
                .collect(Collectors.joining(" < "));
    }
}
