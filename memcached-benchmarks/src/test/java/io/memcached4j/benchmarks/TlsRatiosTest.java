package io.memcached4j.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsRatiosTest {
    private static final List<ClientKind> ALL = List.of(ClientKind.values());

    private static RunResult run(ClientKind client, Workload workload, double opsPerSecond, long cpuNanosPerOp) {
        return new RunResult(client.id(), workload.id(), opsPerSecond, (long) opsPerSecond, 0, 0, 10_000, 50_000,
                cpuNanosPerOp);
    }

    private static List<String> labels(List<TlsMode.Run> runs) {
        return runs.stream().map(TlsMode.Run::label).toList();
    }

    @Test
    void bothRunsEachClientPlainAndTlsBackToBackAlternatingWhichGoesFirst() {
        List<ClientKind> order = List.of(ClientKind.FOLSOM, ClientKind.SPYMEMCACHED, ClientKind.MEMCACHED4J);

        assertEquals(List.of("folsom", "folsom+tls", "spymemcached", "memcached4j", "memcached4j+tls"),
                labels(TlsMode.BOTH.runs(order, 0)));
        assertEquals(List.of("folsom+tls", "folsom", "spymemcached", "memcached4j+tls", "memcached4j"),
                labels(TlsMode.BOTH.runs(order, 1)));
        assertEquals(List.of("folsom+tls", "memcached4j+tls"), labels(TlsMode.YES.runs(order, 1)));
        assertEquals(List.of("folsom", "spymemcached", "memcached4j"), labels(TlsMode.NO.runs(order, 1)));
    }

    @Test
    void theFlagTakesNoYesOrBoth() {
        assertEquals(TlsMode.BOTH, TlsMode.of("both"));
        assertFalse(TlsMode.of("no").tls());
        assertTrue(TlsMode.of("yes").tls());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlsMode.of("true"));
        assertEquals("--tls takes no, yes or both, not true", e.getMessage());
    }

    @Test
    void theRatioIsOfTheMediansWithEachRepetitionsPairAndTheCpuPerOperation() {
        TlsRatios ratios = new TlsRatios(ALL, List.of(Workload.SYNC_MIXED));
        for (double[] pair : new double[][] {{100, 80}, {300, 150}, {200, 120}}) {
            ratios.add(false, run(ClientKind.MEMCACHED4J, Workload.SYNC_MIXED, pair[0], 2_000));
            ratios.add(true, run(ClientKind.MEMCACHED4J, Workload.SYNC_MIXED, pair[1], 3_000));
        }
        ratios.add(false, run(ClientKind.SPYMEMCACHED, Workload.SYNC_MIXED, 500, 1_000));

        String md = ratios.ratios();

        assertTrue(md.contains("| memcached4j | 200 | 120 | 0.60 | 0.80 / 0.50 / 0.60 | 2.00 → 3.00 |  |"), md);
        assertFalse(md.contains("| spymemcached |"), "clients without TLS have no ratio: " + md);
        assertTrue(md.contains("| aws-spymemcached | no run | no run |"), "the fork has TLS: " + md);
        assertTrue(md.contains("| folsom | no run | no run |"), md);
    }

    @Test
    void theLatencyWorkloadAlsoComparesTheMedianRoundTrip() {
        TlsRatios ratios = new TlsRatios(List.of(ClientKind.LIMIT), List.of(Workload.LATENCY));
        ratios.add(false, run(ClientKind.LIMIT, Workload.LATENCY, 100, 1_000));
        ratios.add(true, new RunResult("limit", "sync-1t", 50, 50, 0, 0, 20_000, 90_000, 1_500));

        assertTrue(ratios.ratios().contains("| limit | 100 | 50 | 0.50 | 0.50 | 1.00 → 1.50 | 10.0 → 20.0 |"),
                ratios.ratios());
    }

    @Test
    void bothPrintsThePlainTableTheTlsTableAndTheRatios() {
        TlsRatios ratios = new TlsRatios(ALL, List.of(Workload.ASYNC));
        Report plain = new Report(ALL, List.of(Workload.ASYNC));
        RunResult plainRun = run(ClientKind.FOLSOM, Workload.ASYNC, 1000, 1_000);
        RunResult tlsRun = run(ClientKind.FOLSOM, Workload.ASYNC, 700, 1_400);
        plain.add(plainRun);
        ratios.add(false, plainRun);
        ratios.tlsReport().add(tlsRun);
        ratios.add(true, tlsRun);

        String md = ratios.markdown(TlsMode.BOTH, plain);

        assertTrue(md.startsWith("Over plain TCP:\n\n| Workload |"), md);
        assertTrue(md.contains("| folsom | 1,000 |"), md);
        assertTrue(md.contains("Over TLS (memcached -Z):\n\n"), md);
        assertTrue(md.contains("| folsom | 700 |"), md);
        assertTrue(md.contains("| folsom | 1,000 | 700 | 0.70 |"), md);
        assertFalse(md.substring(md.indexOf("Over TLS")).contains("| spymemcached |"),
                "the TLS table leaves out the clients without TLS: " + md);
        assertEquals(plain.markdown(), ratios.markdown(TlsMode.NO, plain));
    }

    @Test
    void theGrowthWorkloadsRunPlainOnlyAndYesPrintsThemPlainAfterTheTlsTable() {
        Scenario growth = Scenario.byId("get-10b");
        assertFalse(TlsMode.covers(growth));
        assertTrue(TlsMode.covers(Workload.SYNC_MIXED));
        TlsRatios ratios = new TlsRatios(ALL, List.of(Workload.SYNC_MIXED, growth));
        Report plainOnly = new Report(ALL, List.of(growth));
        plainOnly.add(new RunResult("folsom", "get-10b", 900, 900, 0, 0, 0, 0, 1_000));
        ratios.tlsReport().add(run(ClientKind.FOLSOM, Workload.SYNC_MIXED, 700, 1_400));

        String md = ratios.markdown(TlsMode.YES, plainOnly);

        String tlsPart = md.substring(0, md.indexOf("Over plain TCP (the workloads that run plain only):"));
        assertTrue(tlsPart.startsWith("Over TLS (memcached -Z):\n\n"), md);
        assertTrue(tlsPart.contains("| folsom | 700 |"), md);
        assertFalse(tlsPart.contains(growth.description()), "no growth workload over TLS: " + md);
        assertTrue(md.substring(tlsPart.length()).contains("| folsom | 900 |"), md);
        assertFalse(ratios.ratios().contains(growth.description()), "no ratio for a growth workload: " + ratios.ratios());
        assertFalse(new TlsRatios(ALL, List.of(Workload.SYNC_MIXED)).markdown(TlsMode.YES, plainOnly)
                .contains("Over plain TCP"), "only TLS when every workload runs over TLS");
    }

    @Test
    void everyClientButSpymemcachedAndXmemcachedHasTls() {
        assertEquals(List.of(ClientKind.MEMCACHED4J, ClientKind.MEMCACHED4J_METRICS, ClientKind.FOLSOM, ClientKind.LIMIT,
                ClientKind.MEMCACHED4J_META, ClientKind.LIMIT_META, ClientKind.AWS_SPYMEMCACHED),
                ALL.stream().filter(ClientKind::supportsTls).toList());
    }
}
