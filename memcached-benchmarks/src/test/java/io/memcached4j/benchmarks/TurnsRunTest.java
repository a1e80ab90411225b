package io.memcached4j.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TurnsRunTest {
    private static TurnTaking.Comparison comparison(String... args) {
        return TurnsRun.comparison(TurnsRun.options(args));
    }

    @Test
    void theClientsAreTheBaselineThenTheMeasuredOneAndTheTargetsDefaultToOne() {
        TurnTaking.Comparison comparison = comparison("--clients", "limit,memcached4j");
        assertEquals(new TurnTaking.Comparison(ClientKind.LIMIT, ClientKind.MEMCACHED4J, 1.0, 1.0), comparison);
        assertEquals(new TurnTaking.Comparison(ClientKind.XMEMCACHED, ClientKind.MEMCACHED4J, 0.9, 1.25),
                comparison("--clients", "xmemcached,memcached4j", "--ops-floor", "0.9", "--cpu-ceiling", "1.25"));
        assertEquals(new TurnTaking.Comparison(ClientKind.MEMCACHED4J, ClientKind.MEMCACHED4J, 1.0, 1.0),
                comparison("--clients", "memcached4j,memcached4j"), "a client against itself is a control");
    }

    @Test
    void clientsMustBeExactlyTwoKnownIds() {
        String known = "memcached4j, memcached4j-metrics, spymemcached, xmemcached, folsom, limit, memcached4j-meta,"
                + " limit-meta, aws-spymemcached";
        for (String clients : new String[] {"memcached4j", "limit,memcached4j,xmemcached", "limit,memcached5j", ","}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> comparison("--clients", clients));
            assertEquals("--clients is two of " + known + ", the baseline (A) first, then the measured client (B): was "
                    + clients, e.getMessage());
        }
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class, () -> comparison("--pairs", "4"));
        assertEquals("flag --clients is required", absent.getMessage());
    }

    @Test
    void theTargetsArePositiveNumbers() {
        assertThrows(IllegalArgumentException.class, () -> comparison("--clients", "limit,memcached4j", "--ops-floor", "0"));
        assertThrows(IllegalArgumentException.class, () -> comparison("--clients", "limit,memcached4j", "--cpu-ceiling", "-1"));
        assertThrows(NumberFormatException.class, () -> comparison("--clients", "limit,memcached4j", "--cpu-ceiling", "5%"));
    }

    @Test
    void theReportNamesTheClientsAndStatesTheTargets() {
        TurnTaking.Wording wording = TurnsRun.wording(comparison("--clients", "limit,memcached4j", "--ops-floor", "0.9",
                "--cpu-ceiling", "1.25"));
        assertEquals("limit (A, the baseline) and memcached4j (B, measured)", wording.clients());
        assertEquals("; targets: ops/s at least 0.90×, CPU per op at most 1.25× (B ÷ A)", wording.targets());
        assertEquals("| workload | pairs of turns | ops/s: B ÷ A (totals) | client CPU per op: B ÷ A (totals)"
                + " | medians of the pairs (ops/s, CPU/op) | pairs within the targets | targets met (totals) |\n"
                + "|---|--:|--:|--:|--:|--:|---|\n", wording.tableHead());
    }

    @Test
    void everyFlagOfMetricsCostRunButControlIsTaken() {
        for (String flag : new String[] {"workloads", "pairs", "turn", "warmup", "keys", "value-size", "memcached-threads",
                "memcached-memory", "server", "jvm-args", "logs", "output", "command", "jvm-pairs", "clients", "ops-floor",
                "cpu-ceiling"}) {
            assertDoesNotThrow(() -> TurnsRun.options(new String[] {"--" + flag, "x"}), flag);
        }
        assertThrows(IllegalArgumentException.class, () -> TurnsRun.options(new String[] {"--control", "yes"}));
    }
}
