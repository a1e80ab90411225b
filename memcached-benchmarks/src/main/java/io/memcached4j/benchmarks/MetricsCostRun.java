package io.memcached4j.benchmarks;

import io.memcached4j.ServerAddress;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the Micrometer metrics cost, measured with the load harness's workloads and clients by two
 * JVMs that take turns: {@code memcached4j} and {@code memcached4j-metrics} ({@link LoadRun} with
 * {@code --turns yes}) each warm up once, then run short turns one after the other, in the order
 * ABBA BAAB..., against the same memcached. Each JVM keeps its own JIT profile, as separate runs do,
 * but a slow change of the machine's speed (another tenant, the host) hits both clients alike, which
 * alternate every fraction of a second instead of every few seconds. A JVM's own luck (its compiled
 * code, its memory layout) moves a pair of JVMs' ratio by a few percent, so the turns of a workload
 * are shared among several pairs of JVMs ({@code --jvm-pairs}), and which JVM of a pair starts first
 * alternates. The report gives, per workload,
 * the ratios of the totals (with ÷ without: operations, which is throughput as the turns are equally
 * long, and CPU per operation), the median of the pairs' ratios, and how many pairs were each under
 * 5%. Run it with {@code memcached-benchmarks/run-metrics-cost.sh}.
 *
 * <p>With {@code --control yes} both JVMs run {@code memcached4j} without metrics: the same
 * measurement of two identical clients, whose ratios show what the method reads when nothing differs
 * (each JVM's own luck: its compiled code, its memory layout), to set beside the metrics' ratios.
 *
 * <p>Flags (all optional): {@code --workloads async-256,sync-1t,sync-4t,multiget-100}, {@code --pairs 100},
 * {@code --turn 0.5} and {@code --warmup 5} (seconds), {@code --keys 10000}, {@code --value-size 100},
 * {@code --memcached-threads 2}, {@code --memcached-memory 256} (MB), {@code --server host:port} (a running
 * memcached instead of one the harness starts), {@code --jvm-args "-Xms512m -Xmx512m"},
 * {@code --logs dir}, {@code --output file.md}, {@code --command text}, {@code --control yes},
 * {@code --jvm-pairs 4} (1 to the pairs of turns).
 */
public final class MetricsCostRun {
    private static final String WORKLOADS = "async-256,sync-1t,sync-4t,multiget-100";
    /** The most a pair, or the totals, may cost to be under 5%: ops/s at least 0.95×, CPU per operation at most 1.05×. */
    static final double OPS_FLOOR = 0.95;
    static final double CPU_CEILING = 1.05;

    private MetricsCostRun() {
    }

    /**
     * Runs the turns of each workload and prints the report.
     *
     * @param args the flags above
     * @throws Exception when memcached or a client cannot be started, or a turn fails
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args, "workloads", "pairs", "turn", "warmup", "keys", "value-size",
                "memcached-threads", "memcached-memory", "server", "jvm-args", "logs", "output", "command", "control",
                "jvm-pairs");
        List<Scenario> workloads = Scenario.select(options.list("workloads", WORKLOADS));
        int pairs = options.integer("pairs", 100);
        int jvmPairs = options.integer("jvm-pairs", 4);
        if (jvmPairs < 1 || jvmPairs > pairs) {
            throw new IllegalArgumentException("--jvm-pairs is 1 to --pairs (" + pairs + "), was " + jvmPairs);
        }
        Duration turn = options.seconds("turn", 0.5);
        Duration warmUp = options.seconds("warmup", LoadRun.WARMUP_SECONDS);
        Path logs = Path.of(options.string("logs", "target/metrics-cost-logs"));
        Files.createDirectories(logs);
        String external = options.string("server", null);
        List<String> jvmArgs = List.of(options.string("jvm-args", "-Xms512m -Xmx512m").trim().split("\\s+"));
        boolean control = options.yes("control");
        ClientKind measured = control ? ClientKind.MEMCACHED4J : ClientKind.MEMCACHED4J_METRICS;
        String startedAt = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StringBuilder table = new StringBuilder()
                .append(control ? "| memcached4j against itself (control)" : "| memcached4j-metrics against memcached4j")
                .append(" | pairs of turns | ops/s: with ÷ without (totals)"
                        + " | client CPU per op: with ÷ without (totals) | medians of the pairs (ops/s, CPU/op)"
                        + " | pairs under 5% | costs under 5% (totals) |\n")
                .append("|---|--:|--:|--:|--:|--:|---|\n");
        try (Servers servers = new Servers(options.integer("memcached-threads", 2), options.integer("memcached-memory", 256),
                external == null ? null : ServerAddress.parse(external))) {
            for (Scenario workload : workloads) {
                String target = servers.addresses(workload.servers()).stream().map(ServerAddress::toString)
                        .collect(Collectors.joining(","));
                List<String> common = new ArrayList<>(List.of("--workload", workload.id(), "--server", target,
                        "--warmup", seconds(warmUp), "--duration", seconds(turn),
                        "--keys", Integer.toString(options.integer("keys", LoadRun.KEYS)),
                        "--value-size", Integer.toString(options.integer("value-size", LoadRun.VALUE_SIZE)),
                        "--turns", "yes"));
                Setup setup = new Setup(measured, jvmArgs, common, logs, workload, warmUp, turn, pairs);
                List<RunResult> withoutTurns = new ArrayList<>();
                List<RunResult> withTurns = new ArrayList<>();
                for (int j = 0; j < jvmPairs; j++) {
                    setup.takeTurns(j, firstPair(j, jvmPairs, pairs), firstPair(j + 1, jvmPairs, pairs), withoutTurns, withTurns);
                }
                Summary summary = Summary.of(withoutTurns, withTurns);
                table.append(summary.row(workload.description())).append('\n');
            }
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String text = "\n" + String.format(Locale.ROOT, "Measured %s UTC on %d cores, Java %s: memcached4j and"
                        + (control ? " memcached4j again (a control: nothing differs)" : " memcached4j-metrics")
                        + " in two JVMs (%s) taking turns of %s s (%s s of warm-up each first),"
                        + " ABBA BAAB..., %d pairs per workload, over %d pairs of JVMs started one after the other"
                        + " (which one first alternates). 1-minute load average %.2f before, %.2f after (the"
                        + " turns' own load included).%n", startedAt, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"), String.join(" ", jvmArgs), seconds(turn), seconds(warmUp), pairs, jvmPairs,
                loadBefore, loadAfter)
                + "Command: `" + options.string("command", "MetricsCostRun " + String.join(" ", args)) + "`\n\n"
                + table;
        System.out.println(text);
        String output = options.string("output", null);
        if (output != null) {
            Files.writeString(Path.of(output), text, StandardCharsets.UTF_8);
            System.out.println("(written to " + output + ")");
        }
    }

    /**
     * @return the first pair of turns that pair of JVMs {@code jvmPair} takes (its last is the next
     *     one's first, less one; {@code jvmPair == jvmPairs} gives {@code pairs}): the pairs of turns
     *     shared as evenly as they divide
     */
    static int firstPair(int jvmPair, int jvmPairs, int pairs) {
        return (int) ((long) pairs * jvmPair / jvmPairs);
    }

    /** What every pair of JVMs of one workload is started and run with. */
    private record Setup(ClientKind measured, List<String> jvmArgs, List<String> common, Path logs, Scenario workload,
                         Duration warmUp, Duration turn, int pairs) {
        /**
         * Starts one pair of JVMs, the one without metrics first in an even pair and second in an odd
         * one (so that starting first, which warms up while the other starts, favours neither side), and
         * takes the pairs of turns {@code from} to {@code to} (exclusive).
         */
        void takeTurns(int jvmPair, int from, int to, List<RunResult> withoutTurns, List<RunResult> withTurns)
                throws Exception {
            boolean withoutFirst = jvmPair % 2 == 0;
            try (Turns first = start(jvmPair, withoutFirst); Turns second = start(jvmPair, !withoutFirst)) {
                Turns without = withoutFirst ? first : second;
                Turns with = withoutFirst ? second : first;
                first.awaitReady(warmUp);
                second.awaitReady(warmUp);
                for (int p = from; p < to; p++) {
                    boolean withFirst = Integer.bitCount(p) % 2 == 1; // ABBA BAAB BAAB ABBA ...: a drift cancels out
                    if (withFirst) {
                        withTurns.add(with.take(turn));
                        withoutTurns.add(without.take(turn));
                    } else {
                        withoutTurns.add(without.take(turn));
                        withTurns.add(with.take(turn));
                    }
                    System.out.printf("%-17s pair %d/%d  without %,10.0f ops/s %8.2f µs/op   with %,10.0f ops/s %8.2f µs/op%n",
                            workload.id(), p + 1, pairs, withoutTurns.get(p).opsPerSecond(),
                            withoutTurns.get(p).cpuNanosPerOp() / 1000, withTurns.get(p).opsPerSecond(),
                            withTurns.get(p).cpuNanosPerOp() / 1000);
                }
                first.finish();
                second.finish();
            }
        }

        private Turns start(int jvmPair, boolean without) throws IOException {
            return without ? Turns.start(ClientKind.MEMCACHED4J, "without", jvmPair, jvmArgs, common, logs, workload)
                    : Turns.start(measured, "with", jvmPair, jvmArgs, common, logs, workload);
        }
    }

    private static String seconds(Duration duration) {
        return Double.toString(duration.toNanos() / 1e9);
    }

    /**
     * The two clients' turns, paired in the order taken.
     *
     * @param opsRatio with ÷ without, of the operations of all turns (the turns are equally long)
     * @param cpuRatio with ÷ without, of the CPU per operation over all turns
     * @param medianOpsRatio the median of the pairs' ops/s ratios
     * @param medianCpuRatio the median of the pairs' CPU-per-operation ratios
     * @param pairs the pairs
     * @param pairsUnder the pairs whose two ratios were both under 5%
     */
    record Summary(double opsRatio, double cpuRatio, double medianOpsRatio, double medianCpuRatio, int pairs, int pairsUnder) {
        /** Pairs the turns in order; a turn that failed or did nothing makes the summary say so rather than a number. */
        static Summary of(List<RunResult> without, List<RunResult> with) {
            if (without.size() != with.size() || without.isEmpty()) {
                throw new IllegalArgumentException("turns in pairs expected: " + without.size() + " and " + with.size());
            }
            double[] ops = new double[without.size()];
            double[] cpu = new double[without.size()];
            int under = 0;
            for (int i = 0; i < ops.length; i++) {
                RunResult a = without.get(i);
                RunResult b = with.get(i);
                if (a.operations() == 0 || b.operations() == 0 || a.errors() > 0 || b.errors() > 0) {
                    throw new IllegalStateException("pair " + (i + 1) + " has a turn with no operations or with errors: "
                            + a.toLine() + " / " + b.toLine());
                }
                ops[i] = b.opsPerSecond() / a.opsPerSecond();
                cpu[i] = b.cpuNanosPerOp() / a.cpuNanosPerOp();
                if (ops[i] >= OPS_FLOOR && cpu[i] <= CPU_CEILING) {
                    under++;
                }
            }
            return new Summary(operations(with) / (double) operations(without), cpuPerOp(with) / cpuPerOp(without),
                    median(ops), median(cpu), ops.length, under);
        }

        private static long operations(List<RunResult> turns) {
            return turns.stream().mapToLong(RunResult::operations).sum();
        }

        /** CPU per operation over all turns: each turn's CPU (its CPU per operation times its operations), summed. */
        private static double cpuPerOp(List<RunResult> turns) {
            return turns.stream().mapToDouble(t -> t.cpuNanosPerOp() * t.operations()).sum() / operations(turns);
        }

        private static double median(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        /** Whether the totals are under 5%: ops/s at least 0.95×, CPU per operation at most 1.05×. */
        boolean under() {
            return opsRatio >= OPS_FLOOR && cpuRatio <= CPU_CEILING;
        }

        String row(String workload) {
            return String.format(Locale.ROOT, "| %s | %d | %.3f× | %.3f× | %.3f×, %.3f× | %d of %d | %s |", workload, pairs,
                    opsRatio, cpuRatio, medianOpsRatio, medianCpuRatio, pairsUnder, pairs, under() ? "yes" : "**no**");
        }
    }

    /** One client's JVM taking turns: {@link LoadRun} with {@code --turns yes}, its output copied to a log. */
    private static final class Turns implements AutoCloseable {
        private final ClientKind kind;
        private final Process process;
        private final BufferedReader out;
        private final Writer in;
        private final Writer log;

        private Turns(ClientKind kind, Process process, Path log) throws IOException {
            this.kind = kind;
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            this.log = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        }

        /**
         * @param role {@code without} or {@code with}, which names the log (the control runs one kind twice)
         * @param jvmPair the pair of JVMs it belongs to, numbered from 0, which names the log too
         */
        static Turns start(ClientKind kind, String role, int jvmPair, List<String> jvmArgs, List<String> common, Path logs,
                           Scenario workload) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadRun.class.getName(), "--client", kind.id()));
            command.addAll(common);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new Turns(kind, process, logs.resolve(workload.id() + "-" + jvmPair + "-" + role + "-" + kind.id() + ".log"));
        }

        /** Reads the output up to the line the test accepts, copying it to the log; fails when the JVM ends first. */
        private String readUntil(Predicate<String> wanted, String what) throws IOException {
            for (String line; (line = out.readLine()) != null; ) {
                log.write(line);
                log.write('\n');
                if (wanted.test(line)) {
                    log.flush();
                    return line;
                }
            }
            log.flush();
            throw new IOException(kind.id() + " ended before " + what + "; see its log");
        }

        void awaitReady(Duration warmUp) throws IOException {
            readUntil(LoadRun.READY::equals, "it was warmed up (" + warmUp + ")");
        }

        /** Runs one turn and returns its result. */
        RunResult take(Duration turn) throws IOException {
            in.write(LoadRun.GO + "\n");
            in.flush();
            return RunResult.parse(readUntil(RunResult::isResultLine, "the result of a turn of " + turn));
        }

        /**
         * Ends the turns, copies the rest of the output to the log and checks the JVM's verdict: the
         * metrics client exits with 1 when it recorded fewer requests than its turns made.
         */
        void finish() throws IOException, InterruptedException {
            in.close();
            for (String line; (line = out.readLine()) != null; ) {
                log.write(line);
                log.write('\n');
            }
            log.flush();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException(kind.id() + " exited with " + exit + "; see its log");
            }
        }

        /** Ends the JVM if {@link #finish} did not: its input closed, then killed after a minute. */
        @Override
        public void close() throws IOException {
            try {
                in.close();
            } catch (IOException e) {
                // already closed by finish(), or the JVM is gone
            }
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            } finally {
                log.close();
            }
        }
    }
}
