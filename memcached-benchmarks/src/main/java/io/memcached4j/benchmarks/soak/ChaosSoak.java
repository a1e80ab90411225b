package io.memcached4j.benchmarks.soak;

import com.sun.management.UnixOperatingSystemMXBean;
import io.memcached4j.ClientConfig;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The chaos soak: for each target (a real memcached that is paused, killed and restarted; the
 * testkit's fake with random faults) one nio client and {@code threads} threads of mixed
 * operations, every value checked against its key, for a set time. It reports requests, failures
 * by type, wrong values (must be 0), futures that outlived their timeout by more than 100 ms
 * (must be 0), and live threads and open file descriptors before the clients open and after they
 * close (the end must not exceed the start). Exit status 0 only when all of that holds.
 *
 * <pre>
 * ChaosSoak [--duration SECONDS] [--threads N] [--timeout-ms MS] [--targets real,fake] [--seed N] [--report FILE]
 * </pre>
 */
public final class ChaosSoak {
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(20);

    /**
     * The outcome: the report's text and its figures. {@code late} counts the futures that completed more
     * than 100 ms past their timeout while the machine ran this JVM's threads; {@code lateDuringStalls}
     * those during which the machine itself stalled every thread for more than 100 ms (a loaded CI
     * machine), which no client can be faulted for.
     */
    public record Result(String report, long requests, long wrongValues, long late, long lateDuringStalls,
                         int threadsBefore, int threadsAfter, long fdsBefore, long fdsAfter) {
        /** @return whether there was no wrong value, no late future and no leaked thread or descriptor */
        public boolean passed() {
            return requests > 0 && wrongValues == 0 && late == 0 && threadsAfter <= threadsBefore && fdsAfter <= fdsBefore;
        }
    }

    /** The run's settings. */
    public record Options(Duration duration, int threads, Duration timeout, List<String> targets, long seed) {
        /** @return the defaults: 10 minutes, 8 threads, 1 s timeout, both targets */
        public static Options defaults() {
            return new Options(Duration.ofMinutes(10), 8, Duration.ofSeconds(1), List.of("real", "fake"), System.nanoTime());
        }
    }

    private ChaosSoak() {
    }

    /**
     * Runs the soak from the command line; exit status 1 when it failed.
     *
     * @param args see the class comment
     * @throws IOException when the report cannot be written
     */
    public static void main(String[] args) throws IOException {
        Options o = Options.defaults();
        Path reportFile = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--duration" -> o = new Options(Duration.ofSeconds(Long.parseLong(value)), o.threads(), o.timeout(), o.targets(), o.seed());
                case "--threads" -> o = new Options(o.duration(), Integer.parseInt(value), o.timeout(), o.targets(), o.seed());
                case "--timeout-ms" -> o = new Options(o.duration(), o.threads(), Duration.ofMillis(Long.parseLong(value)), o.targets(), o.seed());
                case "--targets" -> o = new Options(o.duration(), o.threads(), o.timeout(), List.of(value.split(",")), o.seed());
                case "--seed" -> o = new Options(o.duration(), o.threads(), o.timeout(), o.targets(), Long.parseLong(value));
                case "--report" -> reportFile = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --duration SECONDS --threads N --timeout-ms MS --targets real,fake --seed N --report FILE");
            }
            i++;
        }
        Result result = run(o);
        System.out.println(result.report());
        if (reportFile != null) {
            Files.createDirectories(reportFile.toAbsolutePath().getParent());
            Files.writeString(reportFile, result.report());
        }
        System.exit(result.passed() ? 0 : 1);
    }

    /**
     * Runs the soak.
     *
     * @param options the settings
     * @return the outcome
     */
    public static Result run(Options options) {
        List<SoakTarget> targets = new ArrayList<>();
        for (String name : options.targets()) {
            targets.add(switch (name.trim()) {
                case "real" -> new SoakTarget.Real();
                case "fake" -> new SoakTarget.Fake();
                default -> throw new IllegalArgumentException("unknown target " + name + " (real, fake)");
            });
        }
        try {
            return run(options, targets);
        } finally {
            targets.forEach(SoakTarget::close);
        }
    }

    private static Result run(Options options, List<SoakTarget> targets) {
        SplittableRandom seeds = new SplittableRandom(options.seed());
        int threadsBefore = liveThreads();
        long fdsBefore = openFileDescriptors();
        Instant started = Instant.now();
        long timeoutNanos = options.timeout().toNanos();
        List<MemcachedClient> clients = new ArrayList<>();
        List<SoakTally> tallies = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        List<Thread> chaos = new ArrayList<>();
        long end = System.nanoTime() + options.duration().toNanos();
        java.util.function.BooleanSupplier running = () -> System.nanoTime() - end < 0;
        for (SoakTarget target : targets) {
            MemcachedClient client = Memcached.connect(ClientConfig.builder().servers(List.of(target.address()))
                    .transport("nio").operationTimeout(options.timeout()).build());
            clients.add(client);
            SoakTally tally = new SoakTally(timeoutNanos);
            tallies.add(tally);
            String[] keys = new String[2_000];
            for (int k = 0; k < keys.length; k++) {
                keys[k] = "soak:" + k;
            }
            for (int t = 0; t < options.threads(); t++) {
                Thread w = new Thread(new SoakWorker(client, keys, tally, running, seeds.nextLong()),
                        "soak-" + target.name().split(" ")[0] + "-" + t);
                workers.add(w);
            }
            SplittableRandom chaosRandom = seeds.split();
            chaos.add(new Thread(() -> target.chaos(chaosRandom, running), "chaos-" + target.name().split(" ")[0]));
        }
        SchedulingProbe probe = new SchedulingProbe(running);
        Thread probeThread = new Thread(probe, "soak-scheduling-probe");
        probeThread.start();
        workers.forEach(Thread::start);
        chaos.forEach(Thread::start);
        long nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (running.getAsBoolean()) {
            SoakTarget.idle(1_000, running);
            if (System.nanoTime() - nextProgress >= 0) {
                nextProgress += TimeUnit.SECONDS.toNanos(30);
                System.err.println(Instant.now() + " soak: " + tallies.stream()
                        .map(t -> t.requests.sum() + " requests, " + t.wrongValues.sum() + " wrong, " + t.late.sum() + " late")
                        .collect(Collectors.joining("; ")));
            }
        }
        joinAll(workers);
        joinAll(chaos);
        joinAll(List.of(probeThread));
        clients.forEach(MemcachedClient::close);
        long settleDeadline = System.nanoTime() + SETTLE_NANOS;
        int threadsAfter = liveThreads();
        long fdsAfter = openFileDescriptors();
        while ((threadsAfter > threadsBefore || fdsAfter > fdsBefore) && System.nanoTime() - settleDeadline < 0) {
            SoakTarget.idle(50, () -> true);
            threadsAfter = liveThreads();
            fdsAfter = openFileDescriptors();
        }
        return report(options, started, targets, tallies, probe, threadsBefore, threadsAfter, fdsBefore, fdsAfter);
    }

    private static Result report(Options options, Instant started, List<SoakTarget> targets, List<SoakTally> tallies,
                                 SchedulingProbe probe, int threadsBefore, int threadsAfter, long fdsBefore, long fdsAfter) {
        StringBuilder out = new StringBuilder();
        out.append("## Chaos soak, ").append(started).append(", ").append(options.duration().toSeconds()).append(" s, ")
                .append(options.threads()).append(" threads per target, timeout ").append(options.timeout().toMillis())
                .append(" ms, seed ").append(options.seed()).append('\n').append('\n');
        out.append("| target | requests | succeeded | failures by type | wrong values | late > 100 ms | max past timeout | chaos |\n");
        out.append("|---|--:|--:|---|--:|--:|--:|---|\n");
        long requests = 0;
        long wrong = 0;
        long late = 0;
        long lateDuringStalls = 0;
        for (int i = 0; i < targets.size(); i++) {
            SoakTally t = tallies.get(i);
            requests += t.requests.sum();
            wrong += t.wrongValues.sum();
            long lateWithoutStall = t.lateWithoutStall(probe);
            late += lateWithoutStall;
            lateDuringStalls += t.late.sum() - lateWithoutStall;
            long maxOver = t.maxOverTimeoutNanos.get();
            out.append("| ").append(targets.get(i).name())
                    .append(" | ").append(t.requests.sum())
                    .append(" | ").append(t.successes.sum())
                    .append(" | ").append(format(t.failures()))
                    .append(" | ").append(t.wrongValues.sum())
                    .append(" | ").append(t.late.sum()).append(t.late.sum() == lateWithoutStall ? ""
                            : " (" + (t.late.sum() - lateWithoutStall) + " while the machine stalled)")
                    .append(" | ").append(maxOver == Long.MIN_VALUE || maxOver < 0 ? "-" : TimeUnit.NANOSECONDS.toMillis(maxOver) + " ms")
                    .append(" | ").append(format(targets.get(i).events()))
                    .append(" |\n");
        }
        out.append('\n').append("Live threads: ").append(threadsBefore).append(" before the clients opened, ")
                .append(threadsAfter).append(" after they closed. Open file descriptors: ").append(fdsBefore)
                .append(" before, ").append(fdsAfter).append(" after.\n")
                .append("Machine: load average ").append(String.format("%.1f", ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage())).append(" at the end on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; a thread parking 10 ms at a time woke up to ").append(probe.maxLateMillis())
                .append(" ms late (").append(probe.lateOver100()).append(" times more than 100 ms).\n");
        for (String delay : probe.examples()) {
            out.append("- scheduling: ").append(delay).append('\n');
        }
        for (SoakTally t : tallies) {
            for (String example : t.examples()) {
                out.append("- ").append(example).append('\n');
            }
        }
        Result result = new Result(out.toString(), requests, wrong, late, lateDuringStalls,
                threadsBefore, threadsAfter, fdsBefore, fdsAfter);
        out.append(result.passed() ? "\nPASSED" : "\nFAILED").append('\n');
        return new Result(out.toString(), requests, wrong, late, lateDuringStalls,
                threadsBefore, threadsAfter, fdsBefore, fdsAfter);
    }

    private static String format(Map<String, ? extends Number> counts) {
        return counts.isEmpty() ? "none" : counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static void joinAll(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.MINUTES.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not finish within a minute of the end");
            }
        }
    }

    /** Live threads, without the JDK's process reapers (one lingers a while after each memcached restart). */
    private static int liveThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.getName().startsWith("process reaper")).count();
    }

    private static long openFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            return unix.getOpenFileDescriptorCount();
        }
        return -1;
    }
}
