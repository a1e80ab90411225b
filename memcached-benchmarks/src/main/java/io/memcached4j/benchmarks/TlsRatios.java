package io.memcached4j.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The TLS side of a harness invocation: the results table of the TLS runs (the clients that have
 * TLS, compared with each other as {@link Report} does), and for {@code --tls both} the table of
 * what TLS costs each client on each workload: the median ops/s over TLS divided by the median
 * over plain TCP, with each repetition's pair (plain and TLS ran back to back).
 */
final class TlsRatios {
    private final List<ClientKind> clients;
    private final List<Scenario> workloads;
    private final Report tlsReport;
    /** Whether some workloads run plain only ({@link TlsMode#covers}), so that {@code yes} prints plain runs too. */
    private final boolean plainOnly;
    private final Map<String, List<RunResult>> plain = new LinkedHashMap<>();
    private final Map<String, List<RunResult>> tls = new LinkedHashMap<>();

    /**
     * For the clients and workloads of the invocation; the clients without TLS and the workloads
     * that run plain only ({@link TlsMode#covers}) are left out.
     */
    TlsRatios(List<ClientKind> clients, List<? extends Scenario> workloads) {
        this.clients = clients.stream().filter(ClientKind::supportsTls).toList();
        this.workloads = workloads.stream().filter(TlsMode::covers).map(Scenario.class::cast).toList();
        this.tlsReport = new Report(this.clients, this.workloads);
        this.plainOnly = this.workloads.size() < workloads.size();
    }

    /** @return the report of the TLS runs, to add them and their failures to */
    Report tlsReport() {
        return tlsReport;
    }

    /** Records a run for the ratio table (which shows only the clients that have TLS). */
    void add(boolean overTls, RunResult result) {
        (overTls ? tls : plain).computeIfAbsent(result.client() + "/" + result.workload(), k -> new ArrayList<>())
                .add(result);
    }

    /**
     * The markdown for the mode: the plain report alone for {@code no}, the TLS report alone for
     * {@code yes} (then the plain report, of the workloads that run plain only, when there are
     * some), and for {@code both} the plain report, the TLS report and the ratio table.
     */
    String markdown(TlsMode mode, Report plainReport) {
        return switch (mode) {
            case NO -> plainReport.markdown();
            case YES -> "Over TLS (memcached -Z):\n\n" + tlsReport.markdown()
                    + (plainOnly ? "\nOver plain TCP (the workloads that run plain only):\n\n" + plainReport.markdown() : "");
            case BOTH -> "Over plain TCP:\n\n" + plainReport.markdown() + "\nOver TLS (memcached -Z):\n\n"
                    + tlsReport.markdown() + "\n" + ratios();
        };
    }

    /** The table of TLS ÷ plain, per workload and client. */
    String ratios() {
        StringBuilder md = new StringBuilder();
        md.append("| Workload | Client | plain ops/s | TLS ops/s | TLS ÷ plain | each repetition | CPU µs/op plain → TLS | p50 µs plain → TLS |\n");
        md.append("|---|---|--:|--:|--:|---|--:|--:|\n");
        for (Scenario workload : workloads) {
            for (ClientKind client : clients) {
                if (!client.supports(workload)) {
                    continue;
                }
                String key = client.id() + "/" + workload.id();
                List<RunResult> p = plain.getOrDefault(key, List.of());
                List<RunResult> t = tls.getOrDefault(key, List.of());
                md.append("| ").append(workload.description()).append(" | ").append(client.id()).append(" | ");
                if (p.isEmpty() || t.isEmpty()) {
                    md.append(p.isEmpty() ? "no run" : ops(p)).append(" | ").append(t.isEmpty() ? "no run" : ops(t))
                            .append(" | | | | |\n");
                    continue;
                }
                double pOps = Report.medianOf(p, RunResult::opsPerSecond);
                double tOps = Report.medianOf(t, RunResult::opsPerSecond);
                md.append(ops(p)).append(" | ").append(ops(t)).append(" | ")
                        .append(String.format(Locale.ROOT, "%.2f", tOps / pOps)).append(" | ")
                        .append(p.size() == t.size() ? pairs(p, t) : "").append(" | ")
                        .append(String.format(Locale.ROOT, "%.2f → %.2f",
                                Report.medianOf(p, RunResult::cpuNanosPerOp) / 1000,
                                Report.medianOf(t, RunResult::cpuNanosPerOp) / 1000)).append(" | ")
                        .append(workload.timesRoundTrips() ? String.format(Locale.ROOT, "%.1f → %.1f",
                                Report.medianOf(p, RunResult::p50Nanos) / 1000,
                                Report.medianOf(t, RunResult::p50Nanos) / 1000) : "")
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    private static String ops(List<RunResult> runs) {
        return String.format(Locale.ROOT, "%,.0f", Report.medianOf(runs, RunResult::opsPerSecond));
    }

    /** Each repetition's TLS ÷ plain, in order. */
    private static String pairs(List<RunResult> plain, List<RunResult> tls) {
        List<String> ratios = new ArrayList<>();
        for (int i = 0; i < plain.size(); i++) {
            ratios.add(String.format(Locale.ROOT, "%.2f", tls.get(i).opsPerSecond() / plain.get(i).opsPerSecond()));
        }
        return String.join(" / ", ratios);
    }
}
