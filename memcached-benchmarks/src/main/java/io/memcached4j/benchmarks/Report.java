package io.memcached4j.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** Turns the runs of a harness invocation into the markdown table for the README. */
final class Report {
    /** The targets for memcached4j, as ratios of ops/s to the best peer. */
    private static final Map<Workload, Double> TARGETS = Map.of(
            Workload.SYNC_MIXED, 1.5, Workload.ASYNC, 1.3, Workload.MULTI_GET, 2.0, Workload.LATENCY, 1.25,
            Workload.SYNC_MIXED_64, 1.0);

    private final List<ClientKind> clients;
    private final List<Workload> workloads;
    private final Map<String, List<RunResult>> runs = new LinkedHashMap<>();
    private final Map<String, Integer> failures = new LinkedHashMap<>();

    Report(List<ClientKind> clients, List<Workload> workloads) {
        this.clients = List.copyOf(clients);
        this.workloads = List.copyOf(workloads);
    }

    void add(RunResult result) {
        runs.computeIfAbsent(result.client() + "/" + result.workload(), k -> new ArrayList<>()).add(result);
    }

    void failed(ClientKind client, Workload workload) {
        failures.merge(client.id() + "/" + workload.id(), 1, Integer::sum);
    }

    /** The results table, then how memcached4j stands against its targets. */
    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| Workload | Client | ops/s (median) | vs best peer | p50 µs | p99 µs | client CPU µs/op | misses | errors | runs (ops/s) |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (Workload workload : workloads) {
            double bestPeer = bestPeer(workload);
            for (ClientKind client : clients) {
                md.append("| ").append(workload.description()).append(" | ").append(client.id()).append(" | ");
                List<RunResult> done = runs.getOrDefault(client.id() + "/" + workload.id(), List.of());
                int failed = failures.getOrDefault(client.id() + "/" + workload.id(), 0);
                if (!client.supports(workload)) {
                    md.append("n/a (no async get) | | | | | | | |\n");
                    continue;
                }
                if (done.isEmpty()) {
                    md.append("failed (" + failed + " runs, see the logs) | | | | | | | |\n");
                    continue;
                }
                double ops = medianOf(done, RunResult::opsPerSecond);
                md.append(String.format(Locale.ROOT, "%,.0f", ops)).append(" | ")
                        .append(bestPeer > 0 ? String.format(Locale.ROOT, "%.2f×", ops / bestPeer) : "").append(" | ");
                if (workload.timesRoundTrips()) {
                    md.append(micros(medianOf(done, RunResult::p50Nanos)))
                            .append(" | ")
                            .append(micros(medianOf(done, RunResult::p99Nanos)))
                            .append(" | ");
                } else {
                    md.append(" | | ");
                }
                md.append(String.format(Locale.ROOT, "%.2f", medianOf(done, RunResult::cpuNanosPerOp) / 1000)).append(" | ");
                md.append(done.stream().mapToLong(RunResult::misses).sum()).append(" | ")
                        .append(done.stream().mapToLong(RunResult::errors).sum() + (failed > 0 ? " (+" + failed + " failed runs)" : ""))
                        .append(" | ")
                        .append(done.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.opsPerSecond()))
                                .collect(Collectors.joining(" / ")))
                        .append(" |\n");
            }
        }
        if (clients.contains(ClientKind.MEMCACHED4J)) {
            md.append("\n| memcached4j target | wanted | measured | met | best runs only | CPU per op: best peer's ÷ memcached4j's |\n"
                    + "|---|--:|--:|---|--:|--:|\n");
            for (Workload workload : workloads) {
                double target = TARGETS.get(workload);
                List<RunResult> done = runs.getOrDefault(ClientKind.MEMCACHED4J.id() + "/" + workload.id(), List.of());
                double bestPeer = bestPeer(workload);
                if (done.isEmpty() || bestPeer <= 0) {
                    md.append(String.format(Locale.ROOT, "| %s | ≥ %.2f× | %s | unknown | | |%n", workload.description(),
                            target, done.isEmpty() ? "no memcached4j result" : "no peer result"));
                    continue;
                }
                double ratio = medianOf(done, RunResult::opsPerSecond) / bestPeer;
                String met = ratio >= target ? "yes" : String.format(Locale.ROOT, "no (%.0f%% short)", 100 * (1 - ratio / target));
                if (workload.timesRoundTrips()) {
                    met += p99BelowEveryPeer(workload) ? "; p99 below every peer's" : "; p99 NOT below every peer's";
                }
                double bestRunsRatio = bestOf(done) / bestPeerRun(workload);
                double cpuRatio = leastPeerCpu(workload) / medianOf(done, RunResult::cpuNanosPerOp);
                md.append(String.format(Locale.ROOT, "| %s | ≥ %.2f× | %.2f× | %s | %.2f× | %.2f× |%n",
                        workload.description(), target, ratio, met, bestRunsRatio, cpuRatio));
            }
        }
        return md.toString();
    }

    private double bestPeer(Workload workload) {
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
    private double bestPeerRun(Workload workload) {
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
    private double leastPeerCpu(Workload workload) {
        double least = Double.MAX_VALUE;
        for (ClientKind client : clients) {
            List<RunResult> done = runs.get(client.id() + "/" + workload.id());
            if (client.peer() && done != null) {
                least = Math.min(least, medianOf(done, RunResult::cpuNanosPerOp));
            }
        }
        return least;
    }

    private boolean p99BelowEveryPeer(Workload workload) {
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
