package io.memcached4j.benchmarks;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The metrics' cost as a preset of {@link TurnTaking}: what it compares, its 5%, and its report's words. */
class MetricsCostRunTest {
    private static RunResult turn(String client, double opsPerSecond, long operations, double cpuNanosPerOp) {
        return new RunResult(client, "async-256", opsPerSecond, operations, 0, 0, -1, -1, cpuNanosPerOp);
    }

    private static TurnTaking.Summary summary(List<RunResult> without, List<RunResult> with) {
        TurnTaking.Comparison comparison = MetricsCostRun.comparison(false);
        return TurnTaking.Summary.of(without, with, comparison.opsFloor(), comparison.cpuCeiling());
    }

    @Test
    void totalsWeighEachTurnByItsOperationsAndPairsAreJudgedOneByOne() {
        List<RunResult> without = List.of(turn("memcached4j", 1000, 500, 2000), turn("memcached4j", 500, 250, 4000),
                turn("memcached4j", 800, 400, 1000));
        List<RunResult> with = List.of(turn("memcached4j-metrics", 980, 490, 2060), turn("memcached4j-metrics", 400, 200, 4400),
                turn("memcached4j-metrics", 840, 420, 1040));
        TurnTaking.Summary summary = summary(without, with);
        assertEquals(1110.0 / 1150, summary.opsRatio(), 1e-12, "all the operations with ÷ all without");
        double cpuWithout = (500 * 2000.0 + 250 * 4000.0 + 400 * 1000.0) / 1150;
        double cpuWith = (490 * 2060.0 + 200 * 4400.0 + 420 * 1040.0) / 1110;
        assertEquals(cpuWith / cpuWithout, summary.cpuRatio(), 1e-12, "CPU of all turns ÷ their operations, with ÷ without");
        assertEquals(0.98, summary.medianOpsRatio(), 1e-12);
        assertEquals(1.04, summary.medianCpuRatio(), 1e-12);
        assertEquals(3, summary.pairs());
        assertEquals(2, summary.pairsWithin(), "the second pair lost 20% of its ops/s; the others are under 5%");
        assertTrue(summary.totalsWithin(), "the totals lost 3.5% of the ops/s and " + summary.cpuRatio() + " in CPU");
        assertTrue(summary.row("1 thread").endsWith("| 2 of 3 | yes |"), summary.row("1 thread"));

        TurnTaking.Summary costly = summary(List.of(turn("memcached4j", 1000, 500, 2000)),
                List.of(turn("memcached4j-metrics", 990, 495, 2120)));
        assertFalse(costly.totalsWithin(), "6% more CPU per operation");
        assertTrue(costly.row("1 thread").endsWith("| 0 of 1 | **no** |"), costly.row("1 thread"));
    }

    @Test
    void measuresTheMetricsClientAgainstMemcached4jOrWithControlMemcached4jAgainstItselfOn5Percent() {
        TurnTaking.Comparison metrics = MetricsCostRun.comparison(false);
        assertEquals(new TurnTaking.Comparison(ClientKind.MEMCACHED4J, ClientKind.MEMCACHED4J_METRICS, 0.95, 1.05), metrics);
        TurnTaking.Comparison control = MetricsCostRun.comparison(true);
        assertEquals(new TurnTaking.Comparison(ClientKind.MEMCACHED4J, ClientKind.MEMCACHED4J, 0.95, 1.05), control);
    }

    @Test
    void runsEightPairsOfJvmsWarmedUpTenSecondsUnlessTheFlagsSayOtherwise() {
        Options none = TurnTaking.options(new String[0], "control");
        assertEquals(8, MetricsCostRun.DEFAULTS.jvmPairs(none, 100));
        assertEquals(Duration.ofSeconds(10), MetricsCostRun.DEFAULTS.warmUp(none));
        Options given = TurnTaking.options(new String[] {"--jvm-pairs", "4", "--warmup", "5"}, "control");
        assertEquals(4, MetricsCostRun.DEFAULTS.jvmPairs(given, 100));
        assertEquals(Duration.ofSeconds(5), MetricsCostRun.DEFAULTS.warmUp(given));
    }

    @Test
    void theTableReadsAsItAlwaysDid() {
        String columns = " | pairs of turns | ops/s: with ÷ without (totals) | client CPU per op: with ÷ without (totals)"
                + " | medians of the pairs (ops/s, CPU/op) | pairs under 5% | costs under 5% (totals) |\n"
                + "|---|--:|--:|--:|--:|--:|---|\n";
        assertEquals("| memcached4j-metrics against memcached4j" + columns, MetricsCostRun.wording(false).tableHead());
        assertEquals("| memcached4j against itself (control)" + columns, MetricsCostRun.wording(true).tableHead());
        assertEquals("memcached4j and memcached4j-metrics", MetricsCostRun.wording(false).clients());
        assertEquals("", MetricsCostRun.wording(false).targets(), "the header says nothing more than before");
    }
}
