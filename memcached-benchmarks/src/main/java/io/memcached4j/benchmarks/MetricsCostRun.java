package io.memcached4j.benchmarks;

/**
 * What the Micrometer metrics cost, measured with the load harness's workloads by two JVMs that take
 * turns ({@link TurnTaking}): {@code memcached4j} (without metrics, the baseline) and
 * {@code memcached4j-metrics} (with them) each warm up once, then run short turns one after the other,
 * in the order ABBA BAAB..., against the same memcached, over several pairs of JVMs. The report gives,
 * per workload, the ratios of the totals (with ÷ without: operations, which is throughput as the turns
 * are equally long, and CPU per operation), the median of the pairs' ratios, and how many pairs were
 * each under 5%. Run it with {@code memcached-benchmarks/run-metrics-cost.sh}; {@link TurnsRun} takes
 * turns with any two clients and targets.
 *
 * <p>With {@code --control yes} both JVMs run {@code memcached4j} without metrics: the same
 * measurement of two identical clients, whose ratios show what the method reads when nothing differs
 * (each JVM's own luck: its compiled code, its memory layout), to set beside the metrics' ratios.
 *
 * <p>Flags (all optional): {@code --workloads async-256,sync-1t,sync-4t,multiget-100}, {@code --pairs 100},
 * {@code --turn 0.5} and {@code --warmup 10} (seconds), {@code --keys 10000}, {@code --value-size 100},
 * {@code --memcached-threads 2}, {@code --memcached-memory 256} (MB), {@code --server host:port} (a running
 * memcached instead of one the harness starts), {@code --jvm-args "-Xms512m -Xmx512m"},
 * {@code --logs dir}, {@code --output file.md}, {@code --command text}, {@code --control yes},
 * {@code --jvm-pairs 8} (1 to the pairs of turns; at most the pairs of turns unless given). The warm-up
 * and the pairs of JVMs default to more than {@link TurnsRun}'s (5 s, 4): a 5% line needs a JVM's luck
 * averaged over more JVMs, and each JVM's compiler done before its first measured turn (see the
 * README's "What the metrics cost").
 */
public final class MetricsCostRun {
    /** The most a pair, or the totals, may cost to be under 5%: ops/s at least 0.95×, CPU per operation at most 1.05×. */
    static final double OPS_FLOOR = 0.95;
    static final double CPU_CEILING = 1.05;
    /** Pairs of JVMs and warm-up unless given: more than {@link TurnTaking.Defaults#STANDARD}. */
    static final TurnTaking.Defaults DEFAULTS = new TurnTaking.Defaults(8, 10);

    private MetricsCostRun() {
    }

    /**
     * Runs the turns of each workload and prints the report.
     *
     * @param args the flags above
     * @throws Exception when memcached or a client cannot be started, or a turn fails
     */
    public static void main(String[] args) throws Exception {
        Options options = TurnTaking.options(args, "control");
        boolean control = options.yes("control");
        TurnTaking.run(options, "MetricsCostRun " + String.join(" ", args), "target/metrics-cost-logs",
                comparison(control), wording(control), DEFAULTS);
    }

    /** memcached4j-metrics against memcached4j, or with {@code control} memcached4j against itself, judged on 5%. */
    static TurnTaking.Comparison comparison(boolean control) {
        return new TurnTaking.Comparison(ClientKind.MEMCACHED4J,
                control ? ClientKind.MEMCACHED4J : ClientKind.MEMCACHED4J_METRICS, OPS_FLOOR, CPU_CEILING);
    }

    /** The report's words: with ÷ without, pairs and costs under 5%, as the README's tables have them. */
    static TurnTaking.Wording wording(boolean control) {
        return new TurnTaking.Wording("without", "with",
                control ? "memcached4j and memcached4j again (a control: nothing differs)" : "memcached4j and memcached4j-metrics",
                "", control ? "memcached4j against itself (control)" : "memcached4j-metrics against memcached4j",
                "pairs under 5%", "costs under 5% (totals)");
    }
}
