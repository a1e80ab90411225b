package io.memcached4j.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A workload's worker threads, started once and kept for every turn of a run: each turn runs the
 * workload on them through a warm-up and a measured window, timed from the calling thread, and they
 * wait between turns. A plain run ({@link Scenario#run}) is one turn; a {@link LoadRun} taking turns
 * keeps them for all of its turns, so that what a client keeps per calling thread (a connection per
 * thread, a thread's buffers) is made once, as in a long run, not at every turn.
 */
final class TurnWorkers implements AutoCloseable {
    /** How long the calling thread waits for the workers to start a turn, and to end it after its window. */
    private static final int WAIT_SECONDS = 60;

    private final List<Thread> threads = new ArrayList<>();
    /** Passed by the workers and the calling thread when a turn starts, and when it ends. */
    private final CyclicBarrier start;
    private final CyclicBarrier end;
    private final int valueSize;
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

    /**
     * A worker's life: each turn, the workload until the clock stops. A failure is counted and the
     * turn still ends; a thread that is gone breaks the barriers, which the calling thread reports.
     */
    private void work(Scenario workload, LoadClient client, KeySpace keys) {
        try {
            while (true) {
                start.await();
                Turn t = turn;
                if (t == null) {
                    return;
                }
                try {
                    workload.runThread(client, keys, t.clock(), t.tally(), t.latencies());
                } catch (RuntimeException | Error e) {
                    t.tally().error(true, e);
                }
                end.await();
            }
        } catch (InterruptedException | BrokenBarrierException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs one turn on the threads: {@code warmUp}, then the measured window.
     *
     * @return what the measured window counted, with the CPU time this whole JVM used in it
     * @throws IllegalStateException when a worker did not start or end the turn in {@value #WAIT_SECONDS} s
     */
    Measurement run(Duration warmUp, Duration measured) throws InterruptedException {
        Turn t = new Turn(new RunClock(), new Tally(valueSize), new Latencies());
        turn = t;
        pass(start, "start");
        t.clock().drive(warmUp, measured);
        pass(end, "end");
        t.latencies().sort();
        long ops = t.tally().operations();
        return new Measurement(ops / t.clock().measuredSeconds(), ops, t.tally().misses(), t.tally().errors(),
                t.latencies().percentile(50), t.latencies().percentile(99),
                ops == 0 ? -1 : (double) t.clock().measuredCpuNanos() / ops, t.tally().firstError());
    }

    /** Waits for the workers at a barrier; a wait that times out breaks it, which releases the others. */
    private static void pass(CyclicBarrier barrier, String what) throws InterruptedException {
        try {
            barrier.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("a worker thread did not " + what + " its turn in " + WAIT_SECONDS + " s", e);
        }
    }

    /**
     * Lets the threads end and waits for them, unless a worker is gone (the barrier is broken, which
     * released the others) or the calling thread is interrupted: daemons, they never hold the JVM.
     */
    @Override
    public void close() {
        turn = null;
        try {
            pass(start, "end");
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (IllegalStateException gone) {
            // a worker is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
