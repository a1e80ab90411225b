package io.memcached4j.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Turns the runs of a harness invocation into the markdown tables for the README: every client
 * on every workload, against the best peer and against the limit driver (throughput and client
 * CPU per operation), then memcached4j's targets and the metrics binding's cost.
 */
final class Report {
    /** Issue 14's targets for memcached4j, as ratios of throughput to the limit driver's. */
    private static final Map<Workload, Double> LIMIT_TARGETS = Map.of(Workload.SYNC_MIXED, 0.9, Workload.MULTI_GET, 0.9);
    /** Issue 14: memcached4j's CPU per operation at most the limit driver's plus 25%, on every workload. */
    private static final double CPU_OVER_LIMIT = 1.25;
    /** Issue 13: the metrics binding costs under 5%. */
    private static final double METRICS_COST = 0.05;
    private static final int COLUMNS = 13;

    /** The targets for memcached4j, as ratios of ops/s to the best peer. */
    private static final Map<Workload, Double> TARGETS = Map.of(
            Workload.SYNC_MIXED, 1.5, Workload.ASYNC, 1.3, Workload.MULTI_GET, 2.0, Workload.LATENCY, 1.25,
            Workload.SYNC_MIXED_64, 1.0);

    private final List<ClientKind> clients;
    private final List<Scenario> workloads;
    private final Map<String, List<RunResult>> runs = new LinkedHashMap<>();
    private final Set<RunResult> loaded = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, Integer> failures = new LinkedHashMap<>();

    Report(List<ClientKind> clients, List<? extends Scenario> workloads) {
        this.clients = List.copyOf(clients);
        this.workloads = List.copyOf(workloads);
    }

    void add(RunResult result) {
        add(result, false);
    }

    /** Adds a run; {@code startedLoaded} marks one that started above one runnable task per core. */
    void add(RunResult result, boolean startedLoaded) {
        runs.computeIfAbsent(result.client() + "/" + result.workload(), k -> new ArrayList<>()).add(result);
        if (startedLoaded) {
            loaded.add(result);
        }
    }

    void failed(ClientKind client, Scenario workload) {
        failures.merge(client.id() + "/" + workload.id(), 1, Integer::sum);
    }

    /**
     * The results table (one per {@link Scenario#table()}, each under its name, when the workloads
     * come from several), then how memcached4j stands against its targets, then what its metrics cost.
     */
    String markdown() {
        StringBuilder md = new StringBuilder();
        Map<String, List<Scenario>> tables = new LinkedHashMap<>();
        workloads.forEach(workload -> tables.computeIfAbsent(workload.table(), t -> new ArrayList<>()).add(workload));
        for (Map.Entry<String, List<Scenario>> table : tables.entrySet()) {
            if (tables.size() > 1) {
                md.append(md.length() == 0 ? "" : "\n").append("Table `").append(table.getKey()).append("`:\n\n");
            }
            appendResults(md, table.getValue());
        }
        if (!loaded.isEmpty()) {
            md.append("\n\\* started above a load average of one runnable task per core.\n");
        }
        if (clients.contains(ClientKind.MEMCACHED4J) && workloads.stream().anyMatch(TARGETS::containsKey)) {
            appendTargets(md);
        }
        if (clients.contains(ClientKind.MEMCACHED4J) && clients.contains(ClientKind.MEMCACHED4J_METRICS)) {
            appendMetricsCost(md);
        }
        return md.toString();
    }

    private void appendResults(StringBuilder md, List<Scenario> table) {
        md.append("| Workload | Client | ops/s (median) | vs best peer | vs limit | throughput | p50 µs | p99 µs"
                + " | client CPU µs/op | CPU/op vs limit | misses | errors | runs (ops/s) |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (Scenario workload : table) {
            double bestPeer = bestPeer(workload);
            List<RunResult> limit = done(ClientKind.LIMIT, workload);
            for (ClientKind client : clients) {
                md.append("| ").append(workload.description()).append(" | ").append(client.id()).append(" | ");
                List<RunResult> done = done(client, workload);
                int failed = failures.getOrDefault(client.id() + "/" + workload.id(), 0);
                if (!client.supports(workload)) {
                    md.append("n/a (").append(client.whyNot(workload)).append(")").append(blanks(3)).append('\n');
                    continue;
                }
                if (done.isEmpty()) {
                    md.append("failed (").append(failed).append(" runs, see the logs)").append(blanks(3)).append('\n');
                    continue;
                }
                double ops = medianOf(done, RunResult::opsPerSecond);
                double cpu = cpuOf(done);
                md.append(String.format(Locale.ROOT, "%,.0f", ops)).append(" | ")
                        .append(bestPeer > 0 ? ratio(ops / bestPeer) : "").append(" | ")
                        .append(limit.isEmpty() ? "" : ratio(ops / medianOf(limit, RunResult::opsPerSecond))).append(" | ")
                        .append(throughput(workload, ops)).append(" | ");
                if (workload.timesRoundTrips()) {
                    md.append(micros(medianOf(done, RunResult::p50Nanos)))
                            .append(" | ")
                            .append(micros(medianOf(done, RunResult::p99Nanos)))
                            .append(" | ");
                } else {
                    md.append(" | | ");
                }
                md.append(Double.isNaN(cpu) ? "no op completed" : String.format(Locale.ROOT, "%.2f", cpu / 1000)).append(" | ")
                        .append(limit.isEmpty() ? "" : ratio(cpu / cpuOf(limit))).append(" | ");
                md.append(done.stream().mapToLong(RunResult::misses).sum()).append(" | ")
                        .append(done.stream().mapToLong(RunResult::errors).sum() + (failed > 0 ? " (+" + failed + " failed runs)" : ""))
                        .append(" | ")
                        .append(done.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.opsPerSecond())
                                        + (loaded.contains(r) ? "*" : ""))
                                .collect(Collectors.joining(" / ")))
                        .append(" |\n");
            }
        }
    }

    private void appendTargets(StringBuilder md) {
        md.append("\n| memcached4j target | wanted | measured | met | best runs only | CPU per op: best peer's ÷ memcached4j's"
                + " | vs limit (issue 14) | CPU/op vs limit (wanted ≤ " + ratio(CPU_OVER_LIMIT) + ") |\n"
                + "|---|--:|--:|---|--:|--:|--:|--:|\n");
        for (Scenario workload : workloads) {
            Double target = TARGETS.get(workload);
            if (target == null) {
                continue;
            }
            List<RunResult> done = done(ClientKind.MEMCACHED4J, workload);
            double bestPeer = bestPeer(workload);
            if (done.isEmpty() || bestPeer <= 0) {
                md.append(String.format(Locale.ROOT, "| %s | ≥ %.2f× | %s | unknown | | | | |%n", workload.description(),
                        target, done.isEmpty() ? "no memcached4j result" : "no peer result"));
                continue;
            }
            double ratio = medianOf(done, RunResult::opsPerSecond) / bestPeer;
            String met = ratio >= target ? "yes" : String.format(Locale.ROOT, "no (%.0f%% short)", 100 * (1 - ratio / target));
            if (workload.timesRoundTrips()) {
                met += p99BelowEveryPeer(workload) ? "; p99 below every peer's" : "; p99 NOT below every peer's";
            }
            double bestRunsRatio = bestOf(done) / bestPeerRun(workload);
            double cpuRatio = leastPeerCpu(workload) / cpuOf(done);
            md.append(String.format(Locale.ROOT, "| %s | ≥ %.2f× | %.2f× | %s | %.2f× | %.2f× | %s | %s |%n",
                    workload.description(), target, ratio, met, bestRunsRatio, cpuRatio,
                    againstLimit(workload, done), cpuAgainstLimit(workload, done)));
        }
    }

    /** memcached4j's median throughput over the limit driver's, with issue 14's target where it has one. */
    private String againstLimit(Scenario workload, List<RunResult> ours) {
        List<RunResult> limit = done(ClientKind.LIMIT, workload);
        if (limit.isEmpty()) {
            return "no limit result";
        }
        double ratio = medianOf(ours, RunResult::opsPerSecond) / medianOf(limit, RunResult::opsPerSecond);
        Double wanted = LIMIT_TARGETS.get(workload);
        if (wanted == null) {
            return ratio(ratio);
        }
        double[] pairs = paired(ClientKind.MEMCACHED4J, ClientKind.LIMIT, workload, RunResult::opsPerSecond);
        return ratio(ratio) + " (wanted ≥ " + ratio(wanted) + ": " + (ratio >= wanted ? "yes" : "no")
                + inRepetitions(pairs, r -> r >= wanted) + ")";
    }

    private String cpuAgainstLimit(Scenario workload, List<RunResult> ours) {
        List<RunResult> limit = done(ClientKind.LIMIT, workload);
        if (limit.isEmpty()) {
            return "no limit result";
        }
        double ratio = cpuOf(ours) / cpuOf(limit);
        double[] pairs = paired(ClientKind.MEMCACHED4J, ClientKind.LIMIT, workload, RunResult::cpuNanosPerOp);
        return Double.isNaN(ratio) ? "unknown (no op completed)" : ratio(ratio) + " (" + (ratio <= CPU_OVER_LIMIT ? "yes" : "no")
                + inRepetitions(pairs, r -> r <= CPU_OVER_LIMIT) + ")";
    }

    /**
     * Each repetition's ratio of one client's measure to another's on a workload (the two ran in the
     * same repetition, a few seconds apart, so slow drifts of the machine cancel out); none when a run
     * of either failed or completed no operation, as the repetitions could then not be matched.
     */
    private double[] paired(ClientKind client, ClientKind against, Scenario workload, ToDoubleFunction<RunResult> measure) {
        List<RunResult> ours = done(client, workload);
        List<RunResult> theirs = done(against, workload);
        if (ours.size() != theirs.size() || failures.containsKey(client.id() + "/" + workload.id())
                || failures.containsKey(against.id() + "/" + workload.id())) {
            return new double[0];
        }
        double[] ratios = new double[ours.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = measure.applyAsDouble(ours.get(i)) / measure.applyAsDouble(theirs.get(i));
            if (!(ratios[i] > 0) || !Double.isFinite(ratios[i])) {
                return new double[0];
            }
        }
        return ratios;
    }

    /** "; in 3 of 5 repetitions", how many of the paired ratios meet a test; nothing for fewer than two. */
    private static String inRepetitions(double[] pairs, DoublePredicate met) {
        return pairs.length < 2 ? "" : "; in " + Arrays.stream(pairs).filter(met).count() + " of "
                + pairs.length + " repetitions";
    }

    /** Issue 13: memcached4j with its metrics bound, against memcached4j without, on each workload both ran. */
    private void appendMetricsCost(StringBuilder md) {
        md.append("\n| memcached4j-metrics against memcached4j | ops/s: with ÷ without | client CPU per op: with ÷ without"
                + " | costs under " + Math.round(METRICS_COST * 100) + "% (ops/s and CPU/op) | each repetition (ops/s, CPU/op)"
                + " |\n|---|--:|--:|---|---|\n");
        for (Scenario workload : workloads) {
            List<RunResult> plain = done(ClientKind.MEMCACHED4J, workload);
            List<RunResult> metrics = done(ClientKind.MEMCACHED4J_METRICS, workload);
            if (plain.isEmpty() || metrics.isEmpty()) {
                continue;
            }
            double ops = medianOf(metrics, RunResult::opsPerSecond) / medianOf(plain, RunResult::opsPerSecond);
            double cpu = cpuOf(metrics) / cpuOf(plain);
            boolean met = ops >= 1 - METRICS_COST && cpu <= 1 + METRICS_COST;
            double[] opsPairs = paired(ClientKind.MEMCACHED4J_METRICS, ClientKind.MEMCACHED4J, workload, RunResult::opsPerSecond);
            double[] cpuPairs = paired(ClientKind.MEMCACHED4J_METRICS, ClientKind.MEMCACHED4J, workload, RunResult::cpuNanosPerOp);
            // a repetition's cost: the larger of its loss of throughput and its extra CPU per operation
            double[] costs = new double[Math.min(opsPairs.length, cpuPairs.length)];
            StringBuilder each = new StringBuilder();
            for (int i = 0; i < costs.length; i++) {
                costs[i] = Math.max(1 - opsPairs[i], cpuPairs[i] - 1);
                each.append(i == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.2f, %.2f", opsPairs[i], cpuPairs[i]));
            }
            md.append(String.format(Locale.ROOT, "| %s | %.3f× | %.3f× | %s%s | %s |%n", workload.description(), ops, cpu,
                    met ? "yes" : "no", inRepetitions(costs, cost -> cost <= METRICS_COST), each));
        }
    }

    private List<RunResult> done(ClientKind client, Scenario workload) {
        return runs.getOrDefault(client.id() + "/" + workload.id(), List.of());
    }

    private static String blanks(int used) {
        return " |".repeat(COLUMNS - used);
    }

    /** A ratio such as {@code 1.25×}; nothing when either side was not measured. */
    private static String ratio(double ratio) {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f×", ratio) : "";
    }

    /**
     * The median CPU time per operation of the runs that completed an operation (a run that
     * completed none has none), or NaN when no run did.
     */
    private static double cpuOf(List<RunResult> runs) {
        List<RunResult> measured = runs.stream().filter(r -> r.cpuNanosPerOp() >= 0).toList();
        return measured.isEmpty() ? Double.NaN : medianOf(measured, RunResult::cpuNanosPerOp);
    }

    /** The workload's own unit of work per second (keys, MiB), or nothing when it counts operations only. */
    private static String throughput(Scenario workload, double opsPerSecond) {
        String unit = workload.throughputUnit();
        if (unit.isEmpty()) {
            return "";
        }
        double value = opsPerSecond * workload.unitsPerOperation();
        return String.format(Locale.ROOT, value >= 100 ? "%,.0f %s" : "%,.1f %s", value, unit);
    }

    private double bestPeer(Scenario workload) {
        double best = 0;
        for (ClientKind client : clients) {
            List<RunResult> done = runs.get(client.id() + "/" + workload.id());
            if (client.peer() && done != null) {
                best = Math.max(best, medianOf(done, RunResult::opsPerSecond));
            }
        }
        return best;
    }

    /**
     * The best single run of any peer: other load on the machine only ever slows a run down, so
     * the best of several runs is the least disturbed one.
     */
    private double bestPeerRun(Scenario workload) {
        double best = 0;
        for (ClientKind client : clients) {
            List<RunResult> done = runs.get(client.id() + "/" + workload.id());
            if (client.peer() && done != null) {
                best = Math.max(best, bestOf(done));
            }
        }
        return best;
    }

    private static double bestOf(List<RunResult> runs) {
        return runs.stream().mapToDouble(RunResult::opsPerSecond).max().orElse(0);
    }

    /** The smallest median CPU time per operation among the peers. */
    private double leastPeerCpu(Scenario workload) {
        double least = Double.MAX_VALUE;
        for (ClientKind client : clients) {
            List<RunResult> done = runs.get(client.id() + "/" + workload.id());
            if (client.peer() && done != null && !Double.isNaN(cpuOf(done))) {
                least = Math.min(least, cpuOf(done));
            }
        }
        return least;
    }

    private boolean p99BelowEveryPeer(Scenario workload) {
        List<RunResult> ours = runs.get(ClientKind.MEMCACHED4J.id() + "/" + workload.id());
        double p99 = medianOf(ours, RunResult::p99Nanos);
        for (ClientKind client : clients) {
            List<RunResult> done = runs.get(client.id() + "/" + workload.id());
            if (client.peer() && done != null
                    && medianOf(done, RunResult::p99Nanos) <= p99) {
                return false;
            }
        }
        return true;
    }

    private static String micros(double nanos) {
        return nanos < 0 ? "" : String.format(Locale.ROOT, "%.1f", nanos / 1000);
    }

    /** The median of one measure over the runs (the mean of the middle two for an even count). */
    static double medianOf(List<RunResult> runs, ToDoubleFunction<RunResult> measure) {
        double[] sorted = runs.stream().mapToDouble(measure).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
