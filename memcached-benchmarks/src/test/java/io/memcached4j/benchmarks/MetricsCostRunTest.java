package io.memcached4j.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsCostRunTest {
    private static RunResult turn(String client, double opsPerSecond, long operations, double cpuNanosPerOp) {
        return new RunResult(client, "async-256", opsPerSecond, operations, 0, 0, -1, -1, cpuNanosPerOp);
    }

    @Test
    void totalsWeighEachTurnByItsOperationsAndPairsAreJudgedOneByOne() {
        List<RunResult> without = List.of(turn("memcached4j", 1000, 500, 2000), turn("memcached4j", 500, 250, 4000),
                turn("memcached4j", 800, 400, 1000));
        List<RunResult> with = List.of(turn("memcached4j-metrics", 980, 490, 2060), turn("memcached4j-metrics", 400, 200, 4400),
                turn("memcached4j-metrics", 840, 420, 1040));
        MetricsCostRun.Summary summary = MetricsCostRun.Summary.of(without, with);
        assertEquals(1110.0 / 1150, summary.opsRatio(), 1e-12, "all the operations with ÷ all without");
        double cpuWithout = (500 * 2000.0 + 250 * 4000.0 + 400 * 1000.0) / 1150;
        double cpuWith = (490 * 2060.0 + 200 * 4400.0 + 420 * 1040.0) / 1110;
        assertEquals(cpuWith / cpuWithout, summary.cpuRatio(), 1e-12, "CPU of all turns ÷ their operations, with ÷ without");
        assertEquals(0.98, summary.medianOpsRatio(), 1e-12);
        assertEquals(1.04, summary.medianCpuRatio(), 1e-12);
        assertEquals(3, summary.pairs());
        assertEquals(2, summary.pairsUnder(), "the second pair lost 20% of its ops/s; the others are under 5%");
        assertTrue(summary.under(), "the totals lost 3.5% of the ops/s and " + summary.cpuRatio() + " in CPU");
        assertTrue(summary.row("1 thread").endsWith("| 2 of 3 | yes |"), summary.row("1 thread"));

        MetricsCostRun.Summary costly = MetricsCostRun.Summary.of(List.of(turn("memcached4j", 1000, 500, 2000)),
                List.of(turn("memcached4j-metrics", 990, 495, 2120)));
        assertFalse(costly.under(), "6% more CPU per operation");
        assertTrue(costly.row("1 thread").endsWith("| 0 of 1 | **no** |"), costly.row("1 thread"));
    }

    @Test
    void turnsMustComeInPairsAndNoneMayHaveFailed() {
        RunResult ok = turn("memcached4j", 1000, 500, 2000);
        assertThrows(IllegalArgumentException.class, () -> MetricsCostRun.Summary.of(List.of(ok, ok), List.of(ok)));
        assertThrows(IllegalArgumentException.class, () -> MetricsCostRun.Summary.of(List.of(), List.of()));
        RunResult failed = new RunResult("memcached4j-metrics", "async-256", 1000, 500, 0, 3, -1, -1, 2000);
        assertThrows(IllegalStateException.class, () -> MetricsCostRun.Summary.of(List.of(ok), List.of(failed)));
        RunResult empty = turn("memcached4j-metrics", 0, 0, -1);
        assertThrows(IllegalStateException.class, () -> MetricsCostRun.Summary.of(List.of(ok), List.of(empty)));
    }

    @Test
    void thePairsOfJvmsShareThePairsOfTurnsEvenlyEachTakenOnce() {
        for (int pairs : new int[] {1, 7, 100, 101}) {
            for (int jvmPairs = 1; jvmPairs <= Math.min(pairs, 8); jvmPairs++) {
                assertEquals(0, MetricsCostRun.firstPair(0, jvmPairs, pairs));
                assertEquals(pairs, MetricsCostRun.firstPair(jvmPairs, jvmPairs, pairs), "every pair of turns taken");
                for (int j = 0; j < jvmPairs; j++) {
                    int share = MetricsCostRun.firstPair(j + 1, jvmPairs, pairs) - MetricsCostRun.firstPair(j, jvmPairs, pairs);
                    assertTrue(share == pairs / jvmPairs || share == pairs / jvmPairs + 1,
                            pairs + " pairs over " + jvmPairs + " JVM pairs: pair " + j + " takes " + share);
                }
            }
        }
    }
}
