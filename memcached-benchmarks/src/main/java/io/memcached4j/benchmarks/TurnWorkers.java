package io.memcached4j.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A workload's worker threads kept across the turns of a {@link LoadRun} taking turns: started once,
 * they run the workload in each turn's window and wait between turns, so that what a client keeps
 * per calling thread (a connection per thread, a thread's buffers) is made once, as in a long run,
 * not at every turn. Each turn is measured as {@link Scenario#run} measures a run.
 */
final class TurnWorkers implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    /** Passed by the workers and the driver when a turn starts, and when it ends. */
    private final CyclicBarrier start;
    private final CyclicBarrier end;
    private final int valueSize;
    /** How long {@link #close} waits for the threads. */
    private static final int CLOSE_SECONDS = 10;
    /** The turn under way; null once closed. Handed over by the barriers. */
    private Turn turn;

    private record Turn(RunClock clock, Tally tally, Latencies latencies) {
    }

    /** Starts the workload's threads, which wait for the first turn. */
    TurnWorkers(Scenario workload, LoadClient client, KeySpace keys) {
        valueSize = keys.valueSize();
        start = new CyclicBarrier(workload.threads() + 1);
        end = new CyclicBarrier(workload.threads() + 1);
        for (int i = 0; i < workload.threads(); i++) {
            Thread worker = new Thread(() -> work(workload, client, keys), "load-" + workload.id() + "-" + i);
            worker.setDaemon(true);
            threads.add(worker);
            worker.start();
        }
    }

    private void work(Scenario workload, LoadClient client, KeySpace keys) {
        boolean closed = false;
        try {
            while (true) {
                start.await();
                Turn t = turn;
                if (t == null) {
                    closed = true;
                    return;
                }
                try {
                    workload.runThread(client, keys, t.clock(), t.tally(), t.latencies());
                } catch (RuntimeException | Error e) { // counted, and the thread still ends the turn: no driver waits forever
                    t.tally().error(true, e);
                }
                end.await();
            }
        } catch (InterruptedException | BrokenBarrierException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!closed) { // interrupted: a driver waiting at a barrier fails instead of waiting for this thread
                start.reset();
                end.reset();
            }
        }
    }

    /**
     * Runs one turn on the threads: {@code warmUp}, then the measured window.
     *
     * @return what the measured window counted
     */
    Measurement run(Duration warmUp, Duration measured) throws InterruptedException {
        Turn t = new Turn(new RunClock(), new Tally(valueSize), new Latencies());
        turn = t;
        pass(start);
        t.clock().drive(warmUp, measured);
        pass(end);
        return Scenario.measurement(t.clock(), t.tally(), t.latencies());
    }

    private static void pass(CyclicBarrier barrier) throws InterruptedException {
        try {
            barrier.await();
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("a worker thread of the turns died", e);
        }
    }

    /**
     * Lets the threads end and waits for them, at most {@value #CLOSE_SECONDS} s: threads that are
     * gone (interrupted) never pass the barrier, and the workers are daemons, so they never hold the
     * JVM.
     */
    @Override
    public void close() {
        turn = null;
        try {
            start.await(CLOSE_SECONDS, TimeUnit.SECONDS);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(CLOSE_SECONDS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BrokenBarrierException | TimeoutException e) {
            // a worker is gone: the others were released by the broken barrier
        }
    }
}
