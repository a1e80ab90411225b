package io.memcached4j.benchmarks;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TurnTakingTest {
    private static RunResult turn(String client, double opsPerSecond, long operations, double cpuNanosPerOp) {
        return new RunResult(client, "sync-1t", opsPerSecond, operations, 0, 0, -1, -1, cpuNanosPerOp);
    }

    @Test
    void ratiosAreMeasuredOverBaselineAndAPairExactlyAtTheFloorAndCeilingIsWithinTheTargets() {
        List<RunResult> baseline = List.of(turn("limit", 1000, 500, 2000), turn("limit", 1000, 500, 2000));
        List<RunResult> measured = List.of(turn("memcached4j", 900, 450, 2500), turn("memcached4j", 800, 400, 2000));
        TurnTaking.Summary summary = TurnTaking.Summary.of(baseline, measured, 0.9, 1.25);
        assertEquals(850.0 / 1000, summary.opsRatio(), 1e-12, "all of B's operations ÷ all of A's");
        assertEquals((450 * 2500.0 + 400 * 2000.0) / 850 / 2000, summary.cpuRatio(), 1e-12, "B's CPU per op ÷ A's");
        assertEquals((0.9 + 0.8) / 2, summary.medianOpsRatio(), 1e-12);
        assertEquals((1.25 + 1.0) / 2, summary.medianCpuRatio(), 1e-12);
        assertEquals(1, summary.pairsWithin(), "the first pair is at 0.90× and 1.25×, the second below the floor");
        assertFalse(summary.totalsWithin(), "0.85× of the ops/s");

        TurnTaking.Summary atTheLine = TurnTaking.Summary.of(baseline.subList(0, 1), measured.subList(0, 1), 0.9, 1.25);
        assertEquals(1, atTheLine.pairsWithin());
        assertTrue(atTheLine.totalsWithin(), "totals at exactly 0.90× and 1.25× meet the targets");
        assertTrue(atTheLine.row("1 thread").endsWith("| 1 of 1 | yes |"), atTheLine.row("1 thread"));

        TurnTaking.Summary stricter = TurnTaking.Summary.of(baseline.subList(0, 1), measured.subList(0, 1), 0.91, 1.25);
        assertEquals(0, stricter.pairsWithin(), "the targets given are the ones judged by");
        assertFalse(stricter.totalsWithin());
        TurnTaking.Summary reversed = TurnTaking.Summary.of(measured.subList(0, 1), baseline.subList(0, 1), 1.0, 1.0);
        assertEquals(1000.0 / 900, reversed.opsRatio(), 1e-12, "swapping A and B inverts the ratios");
        assertEquals(0.8, reversed.cpuRatio(), 1e-12);
        assertTrue(reversed.totalsWithin());
    }

    @Test
    void turnsMustComeInPairsAndNoneMayHaveFailed() {
        RunResult ok = turn("memcached4j", 1000, 500, 2000);
        assertThrows(IllegalArgumentException.class, () -> TurnTaking.Summary.of(List.of(ok, ok), List.of(ok), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> TurnTaking.Summary.of(List.of(), List.of(), 1, 1));
        RunResult failed = new RunResult("memcached4j-metrics", "async-256", 1000, 500, 0, 3, -1, -1, 2000);
        assertThrows(IllegalStateException.class, () -> TurnTaking.Summary.of(List.of(ok), List.of(failed), 1, 1));
        RunResult empty = turn("memcached4j-metrics", 0, 0, -1);
        assertThrows(IllegalStateException.class, () -> TurnTaking.Summary.of(List.of(ok), List.of(empty), 1, 1));
    }

    @Test
    void thePairsOfJvmsShareThePairsOfTurnsEvenlyEachTakenOnce() {
        for (int pairs : new int[] {1, 7, 100, 101}) {
            for (int jvmPairs = 1; jvmPairs <= Math.min(pairs, 8); jvmPairs++) {
                assertEquals(0, TurnTaking.firstPair(0, jvmPairs, pairs));
                assertEquals(pairs, TurnTaking.firstPair(jvmPairs, jvmPairs, pairs), "every pair of turns taken");
                for (int j = 0; j < jvmPairs; j++) {
                    int share = TurnTaking.firstPair(j + 1, jvmPairs, pairs) - TurnTaking.firstPair(j, jvmPairs, pairs);
                    assertTrue(share == pairs / jvmPairs || share == pairs / jvmPairs + 1,
                            pairs + " pairs over " + jvmPairs + " JVM pairs: pair " + j + " takes " + share);
                }
            }
        }
    }

    @Test
    void theTargetsAreStatedWithTheDigitsTheyHave() {
        assertEquals("ops/s at least 0.90×, CPU per op at most 1.25×",
                new TurnTaking.Comparison(ClientKind.LIMIT, ClientKind.MEMCACHED4J, 0.9, 1.25).targets());
        assertEquals("ops/s at least 0.955×, CPU per op at most 1.00×",
                new TurnTaking.Comparison(ClientKind.LIMIT, ClientKind.MEMCACHED4J, 0.955, 1).targets());
    }

    @Test
    void theDefaultPairsOfJvmsAreNeverMoreThanThePairsOfTurnsButTheFlagsWin() {
        TurnTaking.Defaults defaults = new TurnTaking.Defaults(8, 10);
        assertEquals(8, defaults.jvmPairs(TurnTaking.options(new String[0]), 100));
        assertEquals(3, defaults.jvmPairs(TurnTaking.options(new String[0]), 3));
        assertEquals(5, defaults.jvmPairs(TurnTaking.options(new String[] {"--jvm-pairs", "5"}), 100));
        assertEquals(4, TurnTaking.Defaults.STANDARD.jvmPairs(TurnTaking.options(new String[0]), 100));
        assertEquals(Duration.ofSeconds(LoadRun.WARMUP_SECONDS),
                TurnTaking.Defaults.STANDARD.warmUp(TurnTaking.options(new String[0])));
    }

    @Test
    void aClientThatCannotRunAWorkloadIsRefusedBeforeAnythingStarts() {
        Options options = TurnTaking.options(new String[] {"--workloads", "async-256", "--logs", "target/never-made"});
        TurnTaking.Comparison comparison = new TurnTaking.Comparison(ClientKind.MEMCACHED4J, ClientKind.XMEMCACHED, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TurnTaking.run(options, "test",
                "target/never-made", comparison, TurnsRun.wording(comparison), TurnTaking.Defaults.STANDARD));
        assertEquals("xmemcached cannot run async-256 (no async get): leave it out of --workloads", e.getMessage());
    }
}
