package io.memcached4j.benchmarks;

import io.memcached4j.ServerAddress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;

/**
 * The load benchmark: starts real memcached processes (one, or as many as a workload needs,
 * {@link Servers}), then runs every client on every workload in its own JVM ({@link LoadRun}),
 * clients in rotating order within each repetition, and prints a markdown table of the medians.
 * Run it with {@code memcached-benchmarks/run-load.sh}.
 *
 * <p>Flags (all optional): {@code --clients memcached4j,memcached4j-metrics,spymemcached,xmemcached,folsom,limit}
 * (also {@code memcached4j-meta}, {@code limit-meta}, and {@code aws-spymemcached}, the AWS fork of
 * spymemcached, which the default list has with {@code --tls yes} or {@code both} only),
 * {@code --workloads sync-4t,async-256,multiget-100,sync-1t} (workload names, or sets: {@code main},
 * {@code growth}, or one growth table: {@code value-size}, {@code multiget-keys}, {@code connections},
 * {@code servers}), {@code --repetitions 3},
 * {@code --warmup 5}, {@code --duration 5} (seconds), {@code --keys 10000},
 * {@code --value-size 100}, {@code --memcached-threads 2}, {@code --memcached-memory 256} (MB),
 * {@code --server host:port} (use a running memcached instead of starting one, for the workloads that
 * need one server with the harness's settings; the others always start their own),
 * {@code --jvm-args "-Xms512m -Xmx512m"}, {@code --logs dir}, {@code --output file.md},
 * {@code --command text} (the command line shown in the report), {@code --memcached4j-connections N}
 * (an experiment: memcached4j with N connections per server instead of its default),
 * {@code --tls no} ({@code yes}: the clients that have TLS run over TLS only; {@code both}: every client
 * plain and those with TLS over TLS too, back to back, with a table of TLS ÷ plain; the TLS runs go to
 * one more memcached with the same {@code -t} and {@code -m} plus {@code -Z}, its certificates made on
 * the spot; only the main table's workloads run over TLS, the growth tables' stay plain),
 * {@code --quiet-wait 0} (seconds to wait, before each run, for the 1-minute load average to fall
 * to one runnable task per core or less; a run that starts above it is marked in the report; the
 * average still holds the previous run's own load, so waiting suits spaced runs, not back-to-back ones).
 */
public final class LoadHarness {
    private static final String ALL_CLIENTS = "memcached4j,memcached4j-metrics,spymemcached,xmemcached,folsom,limit";
    private static final String ALL_WORKLOADS = "sync-4t,async-256,multiget-100,sync-1t";

    private LoadHarness() {
    }

    /**
     * Runs the benchmark and prints the report.
     *
     * @param args the flags above
     * @throws Exception when memcached cannot be started or the harness is interrupted
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args, "clients", "workloads", "repetitions", "warmup", "duration", "keys",
                "value-size", "memcached-threads", "memcached-memory", "server", "jvm-args", "logs", "output",
                "command", "memcached4j-connections", "quiet-wait", "tls");
        TlsMode tlsMode = TlsMode.of(options.string("tls", "no"));
        List<ClientKind> clients = new ArrayList<>();
        options.list("clients", tlsMode.tls() ? ALL_CLIENTS + "," + ClientKind.AWS_SPYMEMCACHED.id() : ALL_CLIENTS)
                .forEach(id -> clients.add(ClientKind.byId(id)));
        List<Scenario> workloads = Scenario.select(options.list("workloads", ALL_WORKLOADS));
        int repetitions = options.integer("repetitions", 3);
        Duration warmUp = options.seconds("warmup", LoadRun.WARMUP_SECONDS);
        Duration measured = options.seconds("duration", LoadRun.DURATION_SECONDS);
        int keyCount = options.integer("keys", LoadRun.KEYS);
        int valueSize = options.integer("value-size", LoadRun.VALUE_SIZE);
        Path logs = Path.of(options.string("logs", "target/load-logs"));
        Files.createDirectories(logs);
        int threads = options.integer("memcached-threads", 2);
        int memory = options.integer("memcached-memory", 256);

        String external = options.string("server", null);
        if (tlsMode.tls() && external != null) {
            throw new IllegalArgumentException("--tls needs the memcached the harness starts: leave out --server");
        }
        Servers servers = new Servers(threads, memory, external == null ? null : ServerAddress.parse(external));
        List<String> jvmArgs = List.of(options.string("jvm-args", "-Xms512m -Xmx512m").trim().split("\\s+"));
        String startedAt = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        int m4jConnections = options.integer("memcached4j-connections", 0);
        // with --tls yes, the plain table holds only the workloads that run plain only
        Report report = new Report(clients, tlsMode == TlsMode.YES
                ? workloads.stream().filter(workload -> !TlsMode.covers(workload)).toList() : workloads);
        TlsRatios tlsRuns = new TlsRatios(clients, workloads);
        double minLoad = Double.MAX_VALUE;
        double maxLoad = 0;
        int cores = Runtime.getRuntime().availableProcessors();
        Duration quietWait = options.seconds("quiet-wait", 0);
        int loadedRuns = 0;
        int runs = 0;
        Optional<LoadTls.Server> tlsServer = tlsMode.tls() && workloads.stream().anyMatch(TlsMode::covers)
                ? Optional.of(LoadTls.startServer(threads, memory)) : Optional.empty();
        String tlsServerText = tlsServer.map(tls -> "; the TLS runs (main workloads only) on one more with -t "
                + threads + " -m " + memory + " plus -Z on " + tls.memcached().address()
                + " (ECDSA P-256 certificate made by the harness)").orElse("");
        try {
            // Every server first, so that a machine that cannot run them fails before any run.
            workloads.forEach(workload -> servers.addresses(workload.servers()));
            for (int rep = 0; rep < repetitions; rep++) {
                List<ClientKind> order = new ArrayList<>(clients);
                Collections.rotate(order, -rep);
                for (Scenario workload : workloads) {
                    // the growth workloads run plain only, whatever --tls says
                    for (TlsMode.Run run : (TlsMode.covers(workload) ? tlsMode : TlsMode.NO).runs(order, rep)) {
                        ClientKind client = run.client();
                        if (!client.supports(workload)) {
                            continue;
                        }
                        String target = run.overTls() ? tlsServer.orElseThrow().memcached().address().toString()
                                : servers.addresses(workload.servers()).stream().map(ServerAddress::toString)
                                        .collect(Collectors.joining(","));
                        List<String> command = new ArrayList<>();
                        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                        command.addAll(jvmArgs);
                        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadRun.class.getName(),
                                "--client", client.id(), "--workload", workload.id(), "--server", target,
                                "--warmup", seconds(warmUp), "--duration", seconds(measured),
                                "--keys", Integer.toString(keyCount),
                                "--value-size", Integer.toString(valueSize),
                                "--memcached4j-connections", Integer.toString(m4jConnections)));
                        if (run.overTls()) {
                            command.addAll(List.of("--tls-ca", tlsServer.orElseThrow().caCertificate().toString()));
                        }
                        double load = awaitQuiet(cores, quietWait);
                        minLoad = Math.min(minLoad, load);
                        maxLoad = Math.max(maxLoad, load);
                        runs++;
                        boolean loaded = load > cores;
                        if (loaded) {
                            loadedRuns++;
                        }
                        Path log = logs.resolve("rep" + (rep + 1) + "-" + workload.id() + "-" + run.label() + ".log");
                        Optional<RunResult> result = runChild(command, log, warmUp.plus(measured).plusSeconds(120));
                        if (result.isPresent()) {
                            (run.overTls() ? tlsRuns.tlsReport() : report).add(result.get(), loaded);
                            tlsRuns.add(run.overTls(), result.get());
                            System.out.printf("rep %d/%d %-17s %-23s %,12.0f ops/s  misses %d  errors %d  (load %.2f%s)%n",
                                    rep + 1, repetitions, workload.id(), run.label(), result.get().opsPerSecond(),
                                    result.get().misses(), result.get().errors(), load,
                                    loaded ? ", LOADED: above one runnable task per core" : "");
                        } else {
                            (run.overTls() ? tlsRuns.tlsReport() : report).failed(client, workload);
                            System.out.printf("rep %d/%d %-17s %-23s FAILED, see %s%n", rep + 1, repetitions,
                                    workload.id(), run.label(), log);
                        }
                    }
                }
            }
        } finally {
            servers.close();
            tlsServer.ifPresent(LoadTls.Server::close);
        }
        String serverText = servers.describe(memcachedVersion()) + tlsServerText;
        String text = "\n" + String.format(Locale.ROOT, "Measured %s UTC on %d cores (%s), Java %s; %s. %,d keys of %d-byte values"
                        + " (where a workload names none), "
                        + "%s s warm-up + %s s measured per run, median of %d runs, each client in its own JVM (%s), "
                        + "clients alternated.%n", startedAt, Runtime.getRuntime().availableProcessors(), cpuModel(),
                System.getProperty("java.vm.version"), serverText, keyCount, valueSize, seconds(warmUp), seconds(measured),
                repetitions,
                String.join(" ", jvmArgs))
                + String.format(Locale.ROOT, "The 1-minute load average before each run ranged from %.2f to %.2f"
                        + " (it includes the benchmark's own threads; figures from a busy machine are noisy).%n", minLoad, maxLoad)
                + (loadedRuns == 0
                        ? String.format(Locale.ROOT, "Every run started at a load average of %d (one runnable task per core) or less.%n", cores)
                        : String.format(Locale.ROOT, "WARNING: %d of %d runs started above a load average of %d (one runnable task"
                                + " per core) after waiting up to %s s for it to fall: the machine was busy and the ratios may"
                                + " lie.%n", loadedRuns, runs, cores, seconds(quietWait)))
                + (m4jConnections > 0 ? "EXPERIMENT: memcached4j ran with connectionsPerServer=" + m4jConnections
                        + ", not its default.\n" : "")
                + "Command: `" + options.string("command", "LoadHarness " + String.join(" ", args)) + "`\n\n"
                + tlsRuns.markdown(tlsMode, report);
        System.out.println(text);
        String output = options.string("output", null);
        if (output != null) {
            Files.writeString(Path.of(output), text, StandardCharsets.UTF_8);
            System.out.println("(written to " + output + ")");
        }
    }

    private static Optional<RunResult> runChild(List<String> command, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            child.destroyForcibly().waitFor();
            Files.writeString(log, "\nkilled by the harness after " + timeout + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
            return Optional.empty();
        }
        if (child.exitValue() != 0) {
            return Optional.empty();
        }
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            return reader.lines().filter(RunResult::isResultLine).findFirst().map(RunResult::parse);
        }
    }

    private static String seconds(Duration duration) {
        return Double.toString(duration.toNanos() / 1e9);
    }

    private static String memcachedVersion() {
        try {
            Process process = new ProcessBuilder("memcached", "-V").redirectErrorStream(true).start();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line = reader.readLine();
                process.waitFor(10, TimeUnit.SECONDS);
                return line == null ? "memcached" : line.trim();
            }
        } catch (IOException e) {
            return "memcached";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "memcached";
        }
    }

    /**
     * Waits up to {@code patience} for the 1-minute load average to fall to {@code cores} or less,
     * and returns the load average the run starts at.
     */
    private static double awaitQuiet(int cores, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        double load = loadAverage();
        boolean told = false;
        while (load > cores && System.nanoTime() < deadline) {
            if (!told) {
                System.out.printf("load average %.2f is above %d: waiting up to %s s for the machine to quieten%n",
                        load, cores, seconds(patience));
                told = true;
            }
            TimeUnit.SECONDS.sleep(5);
            load = loadAverage();
        }
        return load;
    }

    /** The 1-minute load average from {@code /proc/loadavg}, or NaN where there is none. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
