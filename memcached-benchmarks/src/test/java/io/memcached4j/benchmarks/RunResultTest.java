package io.memcached4j.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RunResultTest {
    @Test
    void aResultLineReadsBackAsTheSameResult() {
        RunResult result = new RunResult("folsom", "sync-1t", 12345.6, 61728, 3, 1, 14_000, 90_500, 1234.5);

        assertEquals(result, RunResult.parse(result.toLine()));
    }

    @Test
    void aLineWithoutThePrefixIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RunResult.parse("client=folsom workload=sync-1t"));
    }
}
