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
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
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
 * Two clients of the load harness measured by two JVMs that take turns: the baseline (A) and the
 * measured client (B) ({@link LoadRun} with {@code --turns yes}) each warm up once, then run short
 * turns one after the other, in the order ABBA BAAB..., against the same memcached. Each JVM keeps its
 * own JIT profile, as separate runs do, but a slow change of the machine's speed (another tenant, the
 * host) hits both clients alike, which alternate every fraction of a second instead of every few
 * seconds. A JVM's own luck (its compiled code, its memory layout) moves a pair of JVMs' ratio by a few
 * percent, so the turns of a workload are shared among several pairs of JVMs ({@code --jvm-pairs}), and
 * which JVM of a pair starts first alternates. The report gives, per workload, the ratios of the totals
 * (B ÷ A: operations, which is throughput as the turns are equally long, and CPU per operation), the
 * medians of the pairs' ratios, and how many pairs were each within the targets. {@link TurnsRun} and
 * {@link MetricsCostRun} run it.
 */
final class TurnTaking {
    /** The flags every main taking turns has, besides its own. */
    static final List<String> FLAGS = List.of("workloads", "pairs", "turn", "warmup", "keys", "value-size",
            "memcached-threads", "memcached-memory", "server", "jvm-args", "logs", "output", "command", "jvm-pairs");
    private static final String WORKLOADS = "async-256,sync-1t,sync-4t,multiget-100";

    private TurnTaking() {
    }

    /** Parses the {@link #FLAGS} and the main's {@code own} ones; any other flag is refused. */
    static Options options(String[] args, String... own) {
        List<String> known = new ArrayList<>(FLAGS);
        known.addAll(List.of(own));
        return Options.parse(args, known.toArray(String[]::new));
    }

    /**
     * Runs the turns of each workload the {@link #FLAGS} select and prints the report, writing it to
     * {@code --output} too when given.
     *
     * @param command what the report shows as the command when {@code --command} is absent
     * @param logs the JVMs' logs' folder when {@code --logs} is absent
     * @param defaults the pairs of JVMs and the warm-up when the flags do not give them
     * @throws IllegalArgumentException when a flag is wrong or a client cannot run a workload, before anything starts
     * @throws Exception when memcached or a client cannot be started, or a turn fails
     */
    static void run(Options options, String command, String logs, Comparison comparison, Wording wording,
                    Defaults defaults)
            throws Exception {
        List<Scenario> workloads = Scenario.select(options.list("workloads", WORKLOADS));
        for (Scenario workload : workloads) {
            for (ClientKind kind : List.of(comparison.baseline(), comparison.measured())) {
                if (!kind.supports(workload)) {
                    throw new IllegalArgumentException(kind.id() + " cannot run " + workload.id() + " ("
                            + kind.whyNot(workload) + "): leave it out of --workloads");
                }
            }
        }
        int pairs = options.integer("pairs", 100);
        int jvmPairs = defaults.jvmPairs(options, pairs);
        if (jvmPairs < 1 || jvmPairs > pairs) {
            throw new IllegalArgumentException("--jvm-pairs is 1 to --pairs (" + pairs + "), was " + jvmPairs);
        }
        Duration turn = options.seconds("turn", 0.5);
        Duration warmUp = defaults.warmUp(options);
        Path logFolder = Path.of(options.string("logs", logs));
        Files.createDirectories(logFolder);
        String external = options.string("server", null);
        List<String> jvmArgs = List.of(options.string("jvm-args", "-Xms512m -Xmx512m").trim().split("\\s+"));
        String startedAt = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StringBuilder table = new StringBuilder(wording.tableHead());
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
                Setup setup = new Setup(comparison, wording, jvmArgs, common, logFolder, workload, warmUp, turn, pairs);
                List<RunResult> baselineTurns = new ArrayList<>();
                List<RunResult> measuredTurns = new ArrayList<>();
                for (int j = 0; j < jvmPairs; j++) {
                    setup.takeTurns(j, firstPair(j, jvmPairs, pairs), firstPair(j + 1, jvmPairs, pairs), baselineTurns,
                            measuredTurns);
                }
                Summary summary = Summary.of(baselineTurns, measuredTurns, comparison.opsFloor(), comparison.cpuCeiling());
                table.append(summary.row(workload.description())).append('\n');
            }
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String text = "\n" + String.format(Locale.ROOT, "Measured %s UTC on %d cores, Java %s: %s"
                        + " in two JVMs (%s) taking turns of %s s (%s s of warm-up each first),"
                        + " ABBA BAAB..., %d pairs per workload, over %d pairs of JVMs started one after the other"
                        + " (which one first alternates)%s. 1-minute load average %.2f before, %.2f after (the"
                        + " turns' own load included).%n", startedAt, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"), wording.clients(), String.join(" ", jvmArgs), seconds(turn),
                seconds(warmUp), pairs, jvmPairs, wording.targets(), loadBefore, loadAfter)
                + "Command: `" + options.string("command", command) + "`\n\n"
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

    private static String seconds(Duration duration) {
        return Double.toString(duration.toNanos() / 1e9);
    }

    /**
     * The pairs of JVMs ({@code --jvm-pairs}) and the warm-up ({@code --warmup}) of a main whose flags
     * do not give them.
     *
     * @param jvmPairs the pairs of JVMs, or fewer when there are fewer pairs of turns
     * @param warmUpSeconds each JVM's warm-up before its first turn
     */
    record Defaults(int jvmPairs, double warmUpSeconds) {
        /** 4 pairs of JVMs, {@link LoadRun#WARMUP_SECONDS} of warm-up. */
        static final Defaults STANDARD = new Defaults(4, LoadRun.WARMUP_SECONDS);

        /** @return {@code --jvm-pairs}, else these defaults' pairs of JVMs, but no more than {@code pairs} */
        int jvmPairs(Options options, int pairs) {
            return options.integer("jvm-pairs", Math.max(1, Math.min(jvmPairs, pairs)));
        }

        /** @return {@code --warmup}, else these defaults' warm-up */
        Duration warmUp(Options options) {
            return options.seconds("warmup", warmUpSeconds);
        }
    }

    /**
     * What is measured: the measured client (B) against the baseline (A), and the targets B must meet.
     *
     * @param opsFloor the least B's ops/s may be, as a multiple of A's
     * @param cpuCeiling the most B's CPU per operation may be, as a multiple of A's
     */
    record Comparison(ClientKind baseline, ClientKind measured, double opsFloor, double cpuCeiling) {
        /** The targets in words: {@code ops/s at least 0.90×, CPU per op at most 1.25×}. */
        String targets() {
            DecimalFormat ratio = new DecimalFormat("0.00##", DecimalFormatSymbols.getInstance(Locale.ROOT));
            return "ops/s at least " + ratio.format(opsFloor) + "×, CPU per op at most " + ratio.format(cpuCeiling) + "×";
        }
    }

    /**
     * How a main words its report and progress lines.
     *
     * @param baselineRole what names A in the columns' ratios and the progress lines ({@code without}, {@code A})
     * @param measuredRole what names B there ({@code with}, {@code B})
     * @param clients the clients as the header names them ({@code memcached4j and memcached4j-metrics})
     * @param targets what the header adds after the JVM pairs, empty or starting with {@code ;}
     * @param subject the title of the table's first column, the workloads'
     * @param pairsWithin the title of the column of the pairs within the targets
     * @param totalsWithin the title of the column of whether the totals are
     */
    record Wording(String baselineRole, String measuredRole, String clients, String targets, String subject,
                   String pairsWithin, String totalsWithin) {
        String tableHead() {
            String ratio = measuredRole + " ÷ " + baselineRole;
            return "| " + subject + " | pairs of turns | ops/s: " + ratio + " (totals) | client CPU per op: " + ratio
                    + " (totals) | medians of the pairs (ops/s, CPU/op) | " + pairsWithin + " | " + totalsWithin + " |\n"
                    + "|---|--:|--:|--:|--:|--:|---|\n";
        }
    }

    /** What every pair of JVMs of one workload is started and run with. */
    private record Setup(Comparison comparison, Wording wording, List<String> jvmArgs, List<String> common, Path logs,
                         Scenario workload, Duration warmUp, Duration turn, int pairs) {
        /**
         * Starts one pair of JVMs, the baseline first in an even pair and second in an odd one (so that
         * starting first, which warms up while the other starts, favours neither side), and takes the
         * pairs of turns {@code from} to {@code to} (exclusive).
         */
        void takeTurns(int jvmPair, int from, int to, List<RunResult> baselineTurns, List<RunResult> measuredTurns)
                throws Exception {
            boolean baselineFirst = jvmPair % 2 == 0;
            try (Turns first = start(jvmPair, baselineFirst); Turns second = start(jvmPair, !baselineFirst)) {
                Turns baseline = baselineFirst ? first : second;
                Turns measured = baselineFirst ? second : first;
                first.awaitReady(warmUp);
                second.awaitReady(warmUp);
                for (int p = from; p < to; p++) {
                    boolean measuredFirst = Integer.bitCount(p) % 2 == 1; // ABBA BAAB BAAB ABBA ...: a drift cancels out
                    if (measuredFirst) {
                        measuredTurns.add(measured.take(turn));
                        baselineTurns.add(baseline.take(turn));
                    } else {
                        baselineTurns.add(baseline.take(turn));
                        measuredTurns.add(measured.take(turn));
                    }
                    System.out.printf("%-17s pair %d/%d  %s %,10.0f ops/s %8.2f µs/op   %s %,10.0f ops/s %8.2f µs/op%n",
                            workload.id(), p + 1, pairs, wording.baselineRole(), baselineTurns.get(p).opsPerSecond(),
                            baselineTurns.get(p).cpuNanosPerOp() / 1000, wording.measuredRole(),
                            measuredTurns.get(p).opsPerSecond(), measuredTurns.get(p).cpuNanosPerOp() / 1000);
                }
                first.finish();
                second.finish();
            }
        }

        private Turns start(int jvmPair, boolean baseline) throws IOException {
            return baseline ? Turns.start(comparison.baseline(), "baseline", jvmPair, jvmArgs, common, logs, workload)
                    : Turns.start(comparison.measured(), "measured", jvmPair, jvmArgs, common, logs, workload);
        }
    }

    /**
     * The two clients' turns, paired in the order taken.
     *
     * @param opsRatio B ÷ A, of the operations of all turns (the turns are equally long)
     * @param cpuRatio B ÷ A, of the CPU per operation over all turns
     * @param medianOpsRatio the median of the pairs' ops/s ratios
     * @param medianCpuRatio the median of the pairs' CPU-per-operation ratios
     * @param pairs the pairs
     * @param pairsWithin the pairs whose two ratios were both within the targets
     * @param totalsWithin whether the ratios of the totals were both within the targets
     */
    record Summary(double opsRatio, double cpuRatio, double medianOpsRatio, double medianCpuRatio, int pairs,
                   int pairsWithin, boolean totalsWithin) {
        /**
         * Pairs the turns in order and judges the pairs and the totals: within the targets when B's ops/s
         * are at least {@code opsFloor} × A's and its CPU per operation at most {@code cpuCeiling} × A's.
         * A turn that failed or did nothing makes the summary say so rather than a number.
         */
        static Summary of(List<RunResult> baseline, List<RunResult> measured, double opsFloor, double cpuCeiling) {
            if (baseline.size() != measured.size() || baseline.isEmpty()) {
                throw new IllegalArgumentException("turns in pairs expected: " + baseline.size() + " and " + measured.size());
            }
            double[] ops = new double[baseline.size()];
            double[] cpu = new double[baseline.size()];
            int pairsWithin = 0;
            for (int i = 0; i < ops.length; i++) {
                RunResult a = baseline.get(i);
                RunResult b = measured.get(i);
                if (a.operations() == 0 || b.operations() == 0 || a.errors() > 0 || b.errors() > 0) {
                    throw new IllegalStateException("pair " + (i + 1) + " has a turn with no operations or with errors: "
                            + a.toLine() + " / " + b.toLine());
                }
                ops[i] = b.opsPerSecond() / a.opsPerSecond();
                cpu[i] = b.cpuNanosPerOp() / a.cpuNanosPerOp();
                if (within(ops[i], cpu[i], opsFloor, cpuCeiling)) {
                    pairsWithin++;
                }
            }
            double opsRatio = operations(measured) / (double) operations(baseline);
            double cpuRatio = cpuPerOp(measured) / cpuPerOp(baseline);
            return new Summary(opsRatio, cpuRatio, median(ops), median(cpu), ops.length, pairsWithin,
                    within(opsRatio, cpuRatio, opsFloor, cpuCeiling));
        }

        /** Whether ratios are within the targets; a ratio exactly at the floor or the ceiling is. */
        private static boolean within(double opsRatio, double cpuRatio, double opsFloor, double cpuCeiling) {
            return opsRatio >= opsFloor && cpuRatio <= cpuCeiling;
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

        String row(String workload) {
            return String.format(Locale.ROOT, "| %s | %d | %.3f× | %.3f× | %.3f×, %.3f× | %d of %d | %s |", workload, pairs,
                    opsRatio, cpuRatio, medianOpsRatio, medianCpuRatio, pairsWithin, pairs, totalsWithin ? "yes" : "**no**");
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
         * @param role {@code baseline} or {@code measured}, which names the log (a control runs one kind twice)
         * @param jvmPair the pair of JVMs it belongs to, numbered from 0, which names the log too
         */
        static Turns start(ClientKind kind, String role, int jvmPair, List<String> jvmArgs, List<String> common, Path logs,
                           Scenario workload) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadRun.class.getName(), "--client", kind.id(),
                    "--key-tag", role.substring(0, 1))); // keys of their own, of the same length on both sides
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
