package io.memcached4j.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {
    private static final List<ClientKind> ALL = List.of(ClientKind.values());

    private static RunResult run(ClientKind client, Workload workload, double opsPerSecond) {
        return new RunResult(client.id(), workload.id(), opsPerSecond, (long) opsPerSecond, 0, 0, 10_000, 50_000, 2_500);
    }

    @Test
    void theMedianOfThreeRunsIsTheMiddleOne() {
        List<RunResult> runs = List.of(run(ClientKind.FOLSOM, Workload.ASYNC, 300),
                run(ClientKind.FOLSOM, Workload.ASYNC, 100), run(ClientKind.FOLSOM, Workload.ASYNC, 200));

        assertEquals(200, Report.medianOf(runs, RunResult::opsPerSecond));
    }

    @Test
    void ratiosAreToTheBestPeerNotToTheLimitOrToMemcached4j() {
        Report report = new Report(ALL, List.of(Workload.SYNC_MIXED));
        report.add(run(ClientKind.MEMCACHED4J, Workload.SYNC_MIXED, 300));
        report.add(run(ClientKind.SPYMEMCACHED, Workload.SYNC_MIXED, 100));
        report.add(run(ClientKind.XMEMCACHED, Workload.SYNC_MIXED, 200));
        report.add(run(ClientKind.FOLSOM, Workload.SYNC_MIXED, 150));
        report.add(run(ClientKind.LIMIT, Workload.SYNC_MIXED, 1000));

        String md = report.markdown();

        assertTrue(md.contains("| memcached4j | 300 | 1.50× |"), md);
        assertTrue(md.contains("| xmemcached | 200 | 1.00× |"), md);
        assertTrue(md.contains("| spymemcached | 100 | 0.50× |"), md);
        assertTrue(md.contains("| limit | 1,000 | 5.00× |"), md);
        assertTrue(md.contains("| ≥ 1.50× | 1.50× | yes | 1.50× | 1.00× |"), md);
    }

    @Test
    void theBestRunsColumnComparesTheFastestRunOfEachSide() {
        Report report = new Report(List.of(ClientKind.MEMCACHED4J, ClientKind.FOLSOM), List.of(Workload.ASYNC));
        for (double ops : new double[] {100, 400, 120}) {
            report.add(run(ClientKind.MEMCACHED4J, Workload.ASYNC, ops));
        }
        for (double ops : new double[] {100, 110, 200}) {
            report.add(run(ClientKind.FOLSOM, Workload.ASYNC, ops));
        }

        String md = report.markdown();

        assertTrue(md.contains("| ≥ 1.30× | 1.09× | no (16% short) | 2.00× |"), md);
    }

    @Test
    void aMissedTargetSaysByHowMuchAndXmemcachedSitsOutTheAsyncWorkload() {
        Report report = new Report(ALL, List.of(Workload.ASYNC));
        report.add(run(ClientKind.MEMCACHED4J, Workload.ASYNC, 110));
        report.add(run(ClientKind.FOLSOM, Workload.ASYNC, 100));

        String md = report.markdown();

        assertTrue(md.contains("| xmemcached | n/a (no async get) |"), md);
        assertTrue(md.contains("| ≥ 1.30× | 1.10× | no (15% short) |"), md);
    }

    @Test
    void theLatencyTargetAlsoComparesP99WithEveryPeer() {
        Report report = new Report(List.of(ClientKind.MEMCACHED4J, ClientKind.XMEMCACHED), List.of(Workload.LATENCY));
        report.add(new RunResult("memcached4j", "sync-1t", 130, 130, 0, 0, 9_000, 60_000, 2_000));
        report.add(new RunResult("xmemcached", "sync-1t", 100, 100, 0, 0, 10_000, 40_000, 3_000));

        String md = report.markdown();

        assertTrue(md.contains("| 9.0 | 60.0 | 2.00 |"), md);
        assertTrue(md.contains("| ≥ 1.25× | 1.30× | yes; p99 NOT below every peer's | 1.30× | 1.50× |"), md);
    }

    @Test
    void aClientWhoseRunsAllFailedIsShownAsFailed() {
        Report report = new Report(List.of(ClientKind.FOLSOM), List.of(Workload.MULTI_GET));
        report.failed(ClientKind.FOLSOM, Workload.MULTI_GET);

        assertTrue(report.markdown().contains("| folsom | failed (1 runs, see the logs) |"), report.markdown());
    }

    @Test
    void everyClientIsComparedWithTheLimitDriverInThroughputAndCpuPerOperation() {
        Report report = new Report(List.of(ClientKind.MEMCACHED4J, ClientKind.FOLSOM, ClientKind.LIMIT),
                List.of(Workload.SYNC_MIXED));
        report.add(new RunResult("memcached4j", "sync-4t", 950, 950, 0, 0, -1, -1, 3_000));
        report.add(new RunResult("folsom", "sync-4t", 500, 500, 0, 0, -1, -1, 6_000));
        report.add(new RunResult("limit", "sync-4t", 1000, 1000, 0, 0, -1, -1, 2_000));

        String md = report.markdown();

        assertTrue(md.contains("| memcached4j | 950 | 1.90× | 0.95× |  |  | | 3.00 | 1.50× |"), md);
        assertTrue(md.contains("| folsom | 500 | 1.00× | 0.50× |  |  | | 6.00 | 3.00× |"), md);
        assertTrue(md.contains("| limit | 1,000 | 2.00× | 1.00× |  |  | | 2.00 | 1.00× |"), md);
        assertTrue(md.contains("| 0.95× (wanted ≥ 0.90×: yes) | 1.50× (no) |"), md);
    }

    @Test
    void aGrowthWorkloadShowsItsOwnUnitOfWorkAndHasNoTargetRow() {
        Scenario keys = Scenario.byId("multiget-100-1s");
        Scenario bytes = Scenario.byId("get-1m");
        Report report = new Report(List.of(ClientKind.MEMCACHED4J), List.of(keys, bytes));
        report.add(new RunResult("memcached4j", keys.id(), 1000, 1000, 0, 0, -1, -1, 3_000));
        report.add(new RunResult("memcached4j", bytes.id(), 50, 50, 0, 0, -1, -1, 3_000));

        String md = report.markdown();

        assertTrue(md.contains("| 1,000 |  |  | 100,000 keys/s |"), md);
        assertTrue(md.contains("| 50 |  |  | 50.0 MiB/s |"), md);
        assertFalse(md.contains("memcached4j target"), md);
    }

    @Test
    void spymemcachedSitsOutTheWorkloadsWithMoreThanOneConnectionPerServer() {
        Report report = new Report(List.of(ClientKind.SPYMEMCACHED), List.of(Scenario.byId("connections-8")));

        assertTrue(report.markdown().contains("| spymemcached | n/a (one connection per server only) | | | | | | | | | |\n"),
                report.markdown());
    }

    @Test
    void theMetricsCostComparesMemcached4jWithAndWithoutItsMetrics() {
        Report report = new Report(List.of(ClientKind.MEMCACHED4J, ClientKind.MEMCACHED4J_METRICS),
                List.of(Workload.SYNC_MIXED, Workload.LATENCY));
        report.add(new RunResult("memcached4j", "sync-4t", 1000, 1000, 0, 0, -1, -1, 2_000));
        report.add(new RunResult("memcached4j-metrics", "sync-4t", 980, 980, 0, 0, -1, -1, 2_080));
        report.add(new RunResult("memcached4j", "sync-1t", 1000, 1000, 0, 0, 10_000, 50_000, 2_000));
        report.add(new RunResult("memcached4j-metrics", "sync-1t", 990, 990, 0, 0, 10_000, 50_000, 2_200));

        String md = report.markdown();

        assertTrue(md.contains("| 4 threads, blocking get/set 90/10 | 0.980× | 1.040× | yes |"), md);
        assertTrue(md.contains("| 1 thread, blocking gets (round-trip latency) | 0.990× | 1.100× | no |"), md);
    }

    @Test
    void theMetricsCostIsAlsoComparedRepetitionByRepetition() {
        Report report = new Report(List.of(ClientKind.MEMCACHED4J, ClientKind.MEMCACHED4J_METRICS), List.of(Workload.ASYNC));
        double[][] pairs = {{1000, 2_000, 990, 2_040}, {1400, 1_500, 1300, 1_700}, {900, 2_200, 910, 2_150}};
        for (double[] pair : pairs) { // each repetition: without, then with, the machine drifting between repetitions
            report.add(new RunResult("memcached4j", "async-256", pair[0], (long) pair[0], 0, 0, -1, -1, pair[1]));
            report.add(new RunResult("memcached4j-metrics", "async-256", pair[2], (long) pair[2], 0, 0, -1, -1, pair[3]));
        }

        String md = report.markdown();

        // medians: 1000 and 990 ops/s, 2,000 and 2,040 ns
        assertTrue(md.contains("| 0.990× | 1.020× | yes; in 2 of 3 repetitions | 0.99, 1.02 / 0.93, 1.13 / 1.01, 0.98 |"), md);
    }

    @Test
    void repetitionsAreNotPairedWhenARunFailed() {
        Report report = new Report(List.of(ClientKind.MEMCACHED4J, ClientKind.MEMCACHED4J_METRICS), List.of(Workload.ASYNC));
        report.add(new RunResult("memcached4j", "async-256", 1000, 1000, 0, 0, -1, -1, 2_000));
        report.add(new RunResult("memcached4j", "async-256", 1000, 1000, 0, 0, -1, -1, 2_000));
        report.add(new RunResult("memcached4j-metrics", "async-256", 1000, 1000, 0, 0, -1, -1, 2_000));
        report.failed(ClientKind.MEMCACHED4J_METRICS, Workload.ASYNC);

        assertTrue(report.markdown().contains("| 1.000× | 1.000× | yes |  |"), report.markdown());
    }

    @Test
    void theLimitTargetsCountTheRepetitionsThatMetThem() {
        Report report = new Report(List.of(ClientKind.MEMCACHED4J, ClientKind.FOLSOM, ClientKind.LIMIT), List.of(Workload.SYNC_MIXED));
        double[][] reps = {{950, 3_000, 1000, 2_000}, {800, 2_400, 1000, 2_000}, {930, 2_600, 1000, 2_000}};
        for (double[] rep : reps) {
            report.add(new RunResult("memcached4j", "sync-4t", rep[0], (long) rep[0], 0, 0, -1, -1, rep[1]));
            report.add(new RunResult("folsom", "sync-4t", 500, 500, 0, 0, -1, -1, 6_000));
            report.add(new RunResult("limit", "sync-4t", rep[2], (long) rep[2], 0, 0, -1, -1, rep[3]));
        }

        String md = report.markdown();

        assertTrue(md.contains("| 0.93× (wanted ≥ 0.90×: yes; in 2 of 3 repetitions) | 1.30× (no; in 1 of 3 repetitions) |"), md);
    }

    @Test
    void aRunThatStartedOnALoadedMachineIsMarked() {
        Report report = new Report(List.of(ClientKind.FOLSOM), List.of(Workload.ASYNC));
        report.add(run(ClientKind.FOLSOM, Workload.ASYNC, 100), false);
        report.add(run(ClientKind.FOLSOM, Workload.ASYNC, 200), true);

        String md = report.markdown();

        assertTrue(md.contains("| 100 / 200* |"), md);
        assertTrue(md.contains("\\* started above a load average of one runnable task per core"), md);
    }

    @Test
    void workloadsOfSeveralTablesArePrintedTableByTableUnderTheirNames() {
        Report report = new Report(List.of(ClientKind.LIMIT), Scenario.select(List.of("sync-1t", "servers", "get-1k")));
        report.add(new RunResult("limit", "servers-8", 1000, 1000, 0, 0, -1, -1, 3_000));

        String md = report.markdown();

        assertTrue(md.startsWith("Table `main`:\n\n| Workload |"), md);
        int servers = md.indexOf("Table `servers`:\n\n| Workload |");
        int sizes = md.indexOf("Table `value-size`:\n\n| Workload |");
        assertTrue(servers > 0 && sizes > servers, md);
        assertTrue(md.indexOf("| 4 threads, blocking get/set 90/10, 8 servers | limit | 1,000 |") > servers, md);
    }

    @Test
    void aClientThatCompletedNoOperationHasNoCpuPerOperationNorARatio() {
        Scenario large = Scenario.byId("set-1m");
        Report report = new Report(List.of(ClientKind.XMEMCACHED, ClientKind.LIMIT), List.of(large));
        report.add(new RunResult("xmemcached", large.id(), 0, 0, 0, 0, -1, -1, -1));
        report.add(new RunResult("limit", large.id(), 100, 100, 0, 0, -1, -1, 4_000));

        String md = report.markdown();

        assertTrue(md.contains("| xmemcached | 0 |  | 0.00× | 0.0 MiB/s |  | | no op completed |  | 0 | 0 | 0 |"), md);
    }
}
