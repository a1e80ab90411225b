package io.memcached4j.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunResultTest {
    @Test
    void aResultLineReadsBackAsTheSameResult() {
        RunResult result = new RunResult("folsom", "sync-1t", 12345.6, 61728, 3, 1, 14_000, 90_500, 1234.5);

        assertEquals(result, RunResult.parse(result.toLine()));
    }

    @Test
    void aResultLineGluedToAnotherLibrarysLogOutputIsFound() {
        RunResult result = new RunResult("spymemcached", "async-256", 223934.5, 1119703, 0, 0, -1, -1, 4733.4);
        String line = "2026-11-25 15:42:00.462" + result.toLine();

        assertTrue(RunResult.isResultLine(line));
        assertEquals(result, RunResult.parse(line));
    }

    @Test
    void aLineWithoutThePrefixIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RunResult.parse("client=folsom workload=sync-1t"));
    }
}
