package io.memcached4j.cli.commands;

import io.memcached4j.ServerAddress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressAndStatsTest {

    private static String run(boolean enabled, AtomicLong clock, int steps) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Progress progress = new Progress(err, enabled, "dumped", clock::get)) {
            for (int i = 0; i < steps; i++) {
                clock.addAndGet(1_000_000);
                progress.step();
            }
            assertEquals(steps, progress.count());
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void progressIsRedrawnAtMostFiveTimesASecondThenErased() {
        assertEquals("\rdumped 256 keys\u2026\rdumped 512 keys\u2026\r\033[K", run(true, new AtomicLong(), 600));
        assertEquals("", run(true, new AtomicLong(), 255), "nothing drawn, nothing to erase");
        assertEquals("", run(false, new AtomicLong(), 10_000), "silent when stderr is not a terminal");
    }

    @Test
    void statsTableHasAColumnPerServerAndRatesOfWhatMoved() {
        ServerAddress a = new ServerAddress("a", 1);
        ServerAddress b = new ServerAddress("b", 2);
        Map<ServerAddress, Map<String, String>> now = new LinkedHashMap<>();
        now.put(a, Map.of("get_hits", "30"));
        now.put(b, Map.of("get_hits", "7"));
        Map<ServerAddress, Map<String, String>> before = Map.of(a, Map.of("get_hits", "10"), b, Map.of("get_hits", "7"));
        assertEquals("          a:1           b:2\nget_hits  30 (+10.0/s)  7\n", StatsCommand.table(now, before, 2.0));
        assertEquals("get_hits  30\n", StatsCommand.table(Map.of(a, Map.of("get_hits", "30")), null, 0));
        assertEquals("", StatsCommand.rate("1.6.18", "1.6.17", 1.0), "not a number");
    }
}
