package io.memcached4j.benchmarks;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One run of one client on one workload, as the child JVM prints it on one line
 * ({@code RESULT client=... workload=... ...}) and the harness reads it back.
 *
 * @param client the client id
 * @param workload the workload id
 * @param opsPerSecond operations completed per second of the measured window
 * @param operations operations completed in the measured window
 * @param misses gets (or keys of multi-gets) that found nothing
 * @param errors operations that failed
 * @param p50Nanos median round trip, -1 when not timed
 * @param p99Nanos 99th percentile round trip, -1 when not timed
 * @param cpuNanosPerOp CPU time of the client's JVM per operation, -1 when nothing completed
 */
record RunResult(String client, String workload, double opsPerSecond, long operations, long misses, long errors,
                 long p50Nanos, long p99Nanos, double cpuNanosPerOp) {
    static final String PREFIX = "RESULT ";
    /** What marks a result line, which may come after another library's log output on the same line. */
    private static final String MARKER = PREFIX + "client=";

    String toLine() {
        return PREFIX + String.format(Locale.ROOT,
                "client=%s workload=%s opsPerSecond=%.1f operations=%d misses=%d errors=%d p50Nanos=%d p99Nanos=%d"
                        + " cpuNanosPerOp=%.1f",
                client, workload, opsPerSecond, operations, misses, errors, p50Nanos, p99Nanos, cpuNanosPerOp);
    }

    /** Tells whether a line of the child's output holds a result, even after other text. */
    static boolean isResultLine(String line) {
        return line.contains(MARKER);
    }

    /** Parses a line holding what {@link #toLine()} made, possibly after other text. */
    static RunResult parse(String line) {
        int start = line.indexOf(MARKER);
        if (start < 0) {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : line.substring(start + PREFIX.length()).trim().split(" ")) {
            int eq = pair.indexOf('=');
            fields.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new RunResult(fields.get("client"), fields.get("workload"),
                Double.parseDouble(fields.get("opsPerSecond")), Long.parseLong(fields.get("operations")),
                Long.parseLong(fields.get("misses")), Long.parseLong(fields.get("errors")),
                Long.parseLong(fields.get("p50Nanos")), Long.parseLong(fields.get("p99Nanos")),
                Double.parseDouble(fields.get("cpuNanosPerOp")));
    }
}
