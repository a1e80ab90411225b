package io.memcached4j.cli.browser;

import io.memcached4j.ServerAddress;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Polled statistics with their recent history: the counters of each server and of all of them,
 * and the rates between polls (gets, sets, evictions per second, hit ratio) for sparklines.
 */
final class StatsModel {
    static final String TOTAL = "Total";
    static final int HISTORY = 300;
    private static final String[] SUMMED = {"curr_items", "bytes", "limit_maxbytes", "curr_connections",
        "cmd_get", "cmd_set", "get_hits", "get_misses", "evictions", "total_items"};

    /** The latest counters and the rate history of one server, or of the total. */
    static final class Series {
        final Map<String, Long> counters = new LinkedHashMap<>();
        final Deque<double[]> rates = new ArrayDeque<>();
        String version = "";
        long uptime;
        private long lastNanos;
        private Map<String, Long> last;

        void add(long nanos, Map<String, Long> now) {
            if (last != null && nanos > lastNanos) {
                double dt = (nanos - lastNanos) / 1e9;
                double gets = delta(now, "cmd_get") / dt;
                double sets = delta(now, "cmd_set") / dt;
                double evictions = delta(now, "evictions") / dt;
                long hits = delta(now, "get_hits");
                long misses = delta(now, "get_misses");
                double ratio = hits + misses == 0 ? Double.NaN : 100.0 * hits / (hits + misses);
                rates.addLast(new double[] {gets, sets, evictions, ratio});
                while (rates.size() > HISTORY) {
                    rates.removeFirst();
                }
            }
            last = Map.copyOf(now);
            lastNanos = nanos;
            counters.clear();
            counters.putAll(now);
        }

        private long delta(Map<String, Long> now, String name) {
            return Math.max(0, now.getOrDefault(name, 0L) - last.getOrDefault(name, 0L));
        }

        long counter(String name) {
            return counters.getOrDefault(name, 0L);
        }

        /** @return the latest rates: gets/s, sets/s, evictions/s, hit % (NaN when no gets) */
        double[] latest() {
            return rates.isEmpty() ? new double[] {0, 0, 0, Double.NaN} : rates.peekLast();
        }

        /** @return the last {@code n} values of one rate, oldest first */
        double[] history(int metric, int n) {
            int size = Math.min(n, rates.size());
            double[] out = new double[size];
            int skip = rates.size() - size;
            int i = 0;
            for (double[] r : rates) {
                if (skip-- > 0) {
                    continue;
                }
                out[i++] = r[metric];
            }
            return out;
        }

        /** @return the lifetime hit ratio in percent, NaN when nothing was read */
        double lifetimeHitRatio() {
            long hits = counter("get_hits");
            long total = hits + counter("get_misses");
            return total == 0 ? Double.NaN : 100.0 * hits / total;
        }
    }

    private final Map<String, Series> series = new LinkedHashMap<>();

    StatsModel(List<ServerAddress> servers) {
        series.put(TOTAL, new Series());
        for (ServerAddress s : servers) {
            series.put(s.toString(), new Series());
        }
    }

    List<String> names() {
        return List.copyOf(series.keySet());
    }

    Series series(String name) {
        return series.get(name);
    }

    /** Adds one poll of {@code stats} from every server, taken at {@code nanos}. */
    void add(long nanos, Map<ServerAddress, Map<String, String>> stats) {
        Map<String, Long> total = new LinkedHashMap<>();
        long uptime = 0;
        for (Map.Entry<ServerAddress, Map<String, String>> e : stats.entrySet()) {
            Map<String, Long> counters = new LinkedHashMap<>();
            for (String name : SUMMED) {
                long v = parse(e.getValue().get(name));
                counters.put(name, v);
                total.merge(name, v, Long::sum);
            }
            Series s = series.computeIfAbsent(e.getKey().toString(), k -> new Series());
            s.add(nanos, counters);
            s.version = e.getValue().getOrDefault("version", "");
            s.uptime = parse(e.getValue().get("uptime"));
            uptime = Math.max(uptime, s.uptime);
        }
        Series t = series.get(TOTAL);
        t.add(nanos, total);
        t.uptime = uptime;
    }

    /** @return a stats value as a number, 0 when absent or not a whole number */
    static long parse(String v) {
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static final char[] BARS = {'\u2581', '\u2582', '\u2583', '\u2584', '\u2585', '\u2586', '\u2587', '\u2588'};

    /** @return the values as a sparkline, one character each, scaled from 0 to their maximum */
    static String sparkline(double[] values) {
        double max = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
            }
        }
        StringBuilder sb = new StringBuilder(values.length);
        for (double v : values) {
            if (Double.isNaN(v)) {
                sb.append(' ');
            } else if (max <= 0) {
                sb.append(BARS[0]);
            } else {
                sb.append(BARS[(int) Math.min(BARS.length - 1, Math.round(v / max * (BARS.length - 1)))]);
            }
        }
        return sb.toString();
    }
}
