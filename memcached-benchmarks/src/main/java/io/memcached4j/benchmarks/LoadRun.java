package io.memcached4j.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs one client on one workload in this JVM and prints one {@code RESULT} line; the
 * {@link LoadHarness} starts one such JVM per run. With {@code --tls-ca}, the client speaks TLS to
 * the server and trusts the CA certificate in that PEM file.
 *
 * <pre>
 * java -cp ... io.memcached4j.benchmarks.LoadRun --client folsom --workload async-256 \
 *     --server 127.0.0.1:11211 [--warmup 2] [--duration 5] [--keys 10000] [--value-size 100] \
 *     [--memcached4j-connections N] [--tls-ca ca.pem]
 * </pre>
 */
public final class LoadRun {
    private LoadRun() {
    }

    /**
     * Prefills the keys with the client itself (so each library reads values it encoded), runs
     * the workload and prints the result; exits with 1 when the client cannot run at all.
     *
     * @param args the flags above
     * @throws Exception when the client cannot be opened or the run is interrupted
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args, "client", "workload", "server", "warmup", "duration", "keys",
                "value-size", "memcached4j-connections", "tls-ca");
        ClientKind kind = ClientKind.byId(options.required("client"));
        Workload workload = Workload.byId(options.required("workload"));
        String server = options.required("server");
        int colon = server.lastIndexOf(':');
        Duration warmUp = options.seconds("warmup", 2);
        Duration measured = options.seconds("duration", 5);
        KeySpace keys = new KeySpace(options.integer("keys", 10_000), options.integer("value-size", 100));
        String tlsCa = options.string("tls-ca", null);
        LoadTls tls = tlsCa == null ? null : LoadTls.trusting(Path.of(tlsCa));

        Workload.Measurement m;
        try (LoadClient client = kind.open(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)),
                options.integer("memcached4j-connections", 0), tls)) {
            if (tls != null) {
                LoadTls.awaitFirstStore(client, keys);
            }
            keys.prefill(client);
            m = workload.run(client, keys, warmUp, measured);
        }
        if (m.firstError() != null) {
            System.err.println("first error of " + kind.id() + " on " + workload.id() + ":");
            m.firstError().printStackTrace();
        }
        System.out.println(new RunResult(kind.id(), workload.id(), m.opsPerSecond(), m.operations(), m.misses(),
                m.errors(), m.p50Nanos(), m.p99Nanos(), m.cpuNanosPerOp()).toLine());
        System.out.flush();
        // Some libraries leave non-daemon threads behind after shutdown.
        System.exit(0);
    }
}
