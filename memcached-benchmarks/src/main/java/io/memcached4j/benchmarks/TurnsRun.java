package io.memcached4j.benchmarks;

import java.util.List;
import java.util.stream.Stream;

/**
 * Any two clients of the load harness measured by two JVMs that take turns ({@link TurnTaking}), as
 * {@link MetricsCostRun} measures the metrics' cost: the baseline A and the measured client B each warm
 * up once, then run short turns, ABBA BAAB..., against the same memcached, over several pairs of JVMs.
 * The report gives, per workload, B ÷ A of the totals (ops/s and client CPU per operation), the medians
 * of the pairs' ratios, how many pairs were within the targets, and whether the totals were. Run it
 * with {@code memcached-benchmarks/run-turns.sh}.
 *
 * <p>Flags: {@code --clients A,B} (required: two client ids, the baseline first, as {@link LoadHarness}
 * names them), {@code --ops-floor 1.0} (the least B's ops/s may be, as a multiple of A's),
 * {@code --cpu-ceiling 1.0} (the most B's CPU per operation may be, as a multiple of A's), and as
 * {@link MetricsCostRun} has them: {@code --workloads async-256,sync-1t,sync-4t,multiget-100},
 * {@code --pairs 100}, {@code --turn 0.5} and {@code --warmup 5} (seconds), {@code --keys 10000},
 * {@code --value-size 100}, {@code --memcached-threads 2}, {@code --memcached-memory 256} (MB),
 * {@code --server host:port} (a running memcached instead of one the harness starts),
 * {@code --jvm-args "-Xms512m -Xmx512m"}, {@code --logs dir}, {@code --output file.md},
 * {@code --command text}, {@code --jvm-pairs 4} (1 to the pairs of turns; at most the pairs of turns unless given).
 */
public final class TurnsRun {
    /** The targets when none are given: B at least as fast as A, at no more CPU per operation. */
    static final double OPS_FLOOR = 1.0;
    static final double CPU_CEILING = 1.0;

    private TurnsRun() {
    }

    /**
     * Runs the turns of each workload and prints the report.
     *
     * @param args the flags above
     * @throws IllegalArgumentException when {@code --clients} is not two known client ids, or another flag is wrong
     * @throws Exception when memcached or a client cannot be started, or a turn fails
     */
    public static void main(String[] args) throws Exception {
        Options options = options(args);
        TurnTaking.Comparison comparison = comparison(options);
        TurnTaking.run(options, "TurnsRun " + String.join(" ", args), "target/turns-logs", comparison, wording(comparison),
                TurnTaking.Defaults.STANDARD);
    }

    /** Parses {@link TurnTaking#FLAGS} and {@code --clients}, {@code --ops-floor} and {@code --cpu-ceiling}. */
    static Options options(String[] args) {
        return TurnTaking.options(args, "clients", "ops-floor", "cpu-ceiling");
    }

    /**
     * The clients of {@code --clients A,B} and the targets of {@code --ops-floor} and {@code --cpu-ceiling}.
     *
     * @throws IllegalArgumentException when {@code --clients} is absent, or not two known client ids
     */
    static TurnTaking.Comparison comparison(Options options) {
        String clients = options.required("clients");
        List<String> ids = options.list("clients", clients);
        List<String> known = Stream.of(ClientKind.values()).map(ClientKind::id).toList();
        if (ids.size() != 2 || !known.containsAll(ids)) {
            throw new IllegalArgumentException("--clients is two of " + String.join(", ", known)
                    + ", the baseline (A) first, then the measured client (B): was " + clients);
        }
        return new TurnTaking.Comparison(ClientKind.byId(ids.get(0)), ClientKind.byId(ids.get(1)),
                options.positive("ops-floor", OPS_FLOOR), options.positive("cpu-ceiling", CPU_CEILING));
    }

    /** The report's words: the clients as A and B, and the targets, which the header states. */
    static TurnTaking.Wording wording(TurnTaking.Comparison comparison) {
        return new TurnTaking.Wording("A", "B", comparison.baseline().id() + " (A, the baseline) and "
                + comparison.measured().id() + " (B, measured)", "; targets: " + comparison.targets() + " (B ÷ A)",
                "workload", "pairs within the targets", "targets met (totals)");
    }
}
