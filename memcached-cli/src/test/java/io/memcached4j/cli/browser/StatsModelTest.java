package io.memcached4j.cli.browser;

import io.memcached4j.ServerAddress;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class StatsModelTest {
    private static final ServerAddress A = new ServerAddress("a", 1);
    private static final ServerAddress B = new ServerAddress("b", 1);

    private static Map<String, String> stats(long gets, long sets, long hits, long misses) {
        return Map.of("cmd_get", "" + gets, "cmd_set", "" + sets, "get_hits", "" + hits, "get_misses", "" + misses,
                "curr_items", "5", "bytes", "100", "limit_maxbytes", "1000", "uptime", "60", "version", "1.6.18");
    }

    @Test
    void ratesComeFromTheDifferenceBetweenPollsPerServerAndInTotal() {
        StatsModel m = new StatsModel(List.of(A, B));
        Map<ServerAddress, Map<String, String>> first = new LinkedHashMap<>();
        first.put(A, stats(100, 10, 80, 20));
        first.put(B, stats(0, 0, 0, 0));
        m.add(0, first);
        Map<ServerAddress, Map<String, String>> second = new LinkedHashMap<>();
        second.put(A, stats(300, 30, 230, 70));
        second.put(B, stats(100, 0, 100, 0));
        m.add(2_000_000_000L, second);

        double[] a = m.series("a:1").latest();
        assertEquals(100.0, a[0], 1e-9, "gets/s");
        assertEquals(10.0, a[1], 1e-9, "sets/s");
        assertEquals(75.0, a[3], 1e-9, "hit % over the interval");
        double[] total = m.series(StatsModel.TOTAL).latest();
        assertEquals(150.0, total[0], 1e-9);
        assertEquals(400, m.series(StatsModel.TOTAL).counter("cmd_get"));
        assertEquals(10, m.series(StatsModel.TOTAL).counter("curr_items"));
        assertEquals(List.of("Total", "a:1", "b:1"), m.names());
    }

    @Test
    void sparklinesScaleToTheirMaximum() {
        assertEquals("\u2581\u2585\u2588", StatsModel.sparkline(new double[] {0, 5, 10}));
        assertEquals("\u2581\u2581", StatsModel.sparkline(new double[] {0, 0}));
        assertEquals(" \u2588", StatsModel.sparkline(new double[] {Double.NaN, 3}));
    }

    @Test
    void historyKeepsTheLastValuesOldestFirst() {
        StatsModel m = new StatsModel(List.of(A));
        for (int i = 0; i <= 5; i++) {
            m.add(i * 1_000_000_000L, Map.of(A, stats(i * i, 0, 0, 0)));
        }
        assertArrayEquals(new double[] {5, 7, 9}, m.series("a:1").history(0, 3), 1e-9);
    }
}
