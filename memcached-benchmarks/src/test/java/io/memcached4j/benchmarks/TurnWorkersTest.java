package io.memcached4j.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The turns of a run taking turns share their worker threads, and each turn counts only its own window. */
class TurnWorkersTest {
    /** Three threads that each count an operation per loop until the clock stops, noting who ran. */
    private static class CountingScenario implements Scenario {
        final Set<Thread> ran = ConcurrentHashMap.newKeySet();

        @Override
        public String id() {
            return "counting";
        }

        @Override
        public String description() {
            return "counts";
        }

        @Override
        public int threads() {
            return 3;
        }

        @Override
        public void runThread(LoadClient client, KeySpace keys, RunClock clock, Tally tally, Latencies latencies) {
            ran.add(Thread.currentThread());
            while (clock.running()) {
                tally.done(clock.measuring());
                Thread.onSpinWait();
            }
        }
    }

    @Test
    @Timeout(30) // a worker that left without ending its turn would leave the driver waiting for ever
    void anErrorInAWorkerIsCountedAndTheTurnStillEnds() throws Exception {
        AssertionError thrown = new AssertionError("a worker's Error");
        CountingScenario failing = new CountingScenario() {
            @Override
            public void runThread(LoadClient client, KeySpace keys, RunClock clock, Tally tally, Latencies latencies) {
                throw thrown;
            }
        };
        try (TurnWorkers workers = new TurnWorkers(failing, null, new KeySpace(10, 10))) {
            Measurement turn = workers.run(Duration.ZERO, Duration.ofMillis(10));
            assertEquals(3, turn.errors(), "one per thread");
            assertEquals(thrown, turn.firstError());
        }
    }

    @Test
    void everyTurnRunsOnTheSameThreadsAndTheyEndWhenClosed() throws Exception {
        CountingScenario scenario = new CountingScenario();
        TurnWorkers workers = new TurnWorkers(scenario, null, new KeySpace(10, 10));
        Measurement first = workers.run(Duration.ZERO, Duration.ofMillis(20));
        Set<Thread> afterFirst = Set.copyOf(scenario.ran);
        Measurement second = workers.run(Duration.ofMillis(5), Duration.ofMillis(20));
        assertEquals(3, afterFirst.size(), "the workload's threads ran the first turn");
        assertEquals(afterFirst, scenario.ran, "the second turn ran on the same threads");
        assertTrue(first.operations() > 0 && second.operations() > 0, first + " / " + second);
        workers.close();
        for (Thread thread : afterFirst) {
            assertFalse(thread.isAlive(), thread + " ended");
        }
    }
}
