package io.memcached4j.benchmarks;

import io.memcached4j.ServerAddress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs one client on one workload in this JVM and prints one {@code RESULT} line; the
 * {@link LoadHarness} starts one such JVM per run. With {@code --tls-ca}, the client speaks TLS to
 * the server and trusts the CA certificate in that PEM file.
 *
 * <pre>
 * java -cp ... io.memcached4j.benchmarks.LoadRun --client folsom --workload async-256 \
 *     --server 127.0.0.1:11211[,127.0.0.1:11212...] [--warmup 5] [--duration 5] [--keys 10000] \
 *     [--value-size 100] [--memcached4j-connections N] [--tls-ca ca.pem] [--turns yes] [--key-tag a]
 * </pre>
 *
 * With {@code --turns yes} it runs the workload in turns of {@code --duration} that another
 * process starts ({@link TurnTaking}: {@link TurnsRun}, {@link MetricsCostRun}), one result line per turn;
 * {@code --key-tag} puts a tag in its keys, so that two clients taking turns on one server each read
 * only the values they stored.
 *
 * A workload that names its own keys, value size or connections per server ({@link Scenario#keyCount()},
 * {@link Scenario#valueSize()}, {@link Scenario#clientSettings()}) uses them instead of the
 * flags and defaults; {@code --memcached4j-connections} (an experiment) sets memcached4j's
 * connections where the workload sets none.
 */
public final class LoadRun {
    /** The defaults of a run's flags, the harness's too (it passes them on to every run). */
    static final int WARMUP_SECONDS = 5;
    static final int DURATION_SECONDS = 5;
    static final int KEYS = 10_000;
    static final int VALUE_SIZE = 100;
    /** What a run taking turns prints once warmed up, and the line that starts its next turn. */
    static final String READY = "READY";
    static final String GO = "go";
    /** The start of each turn not measured: its threads start, and an asynchronous one fills its pipeline. */
    static final Duration TURN_WARM_UP = Duration.ofMillis(100);

    private LoadRun() {
    }

    /**
     * Prefills the keys with the client itself (so each library reads values it encoded), runs
     * the workload and prints the result; exits with 1 when the client cannot run at all, or when
     * the metrics client recorded fewer requests than it completed.
     *
     * @param args the flags above
     * @throws Exception when the client cannot be opened or the run is interrupted
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args, "client", "workload", "server", "warmup", "duration", "keys",
                "value-size", "memcached4j-connections", "tls-ca", "turns", "key-tag");
        ClientKind kind = ClientKind.byId(options.required("client"));
        Scenario workload = Scenario.byId(options.required("workload"));
        List<ServerAddress> servers = ServerAddress.parseList(options.required("server"));
        Duration warmUp = options.seconds("warmup", WARMUP_SECONDS);
        Duration measured = options.seconds("duration", DURATION_SECONDS);
        KeySpace keys = new KeySpace(workload.keyCount() > 0 ? workload.keyCount() : options.integer("keys", KEYS),
                workload.valueSize() > 0 ? workload.valueSize() : options.integer("value-size", VALUE_SIZE),
                options.string("key-tag", ""));
        String tlsCa = options.string("tls-ca", null);
        LoadTls tls = tlsCa == null ? null : LoadTls.trusting(Path.of(tlsCa));
        ClientSettings settings = workload.clientSettings();
        if (settings.connectionsPerServer() == 0
                && (kind == ClientKind.MEMCACHED4J || kind == ClientKind.MEMCACHED4J_METRICS)) {
            settings = settings.withConnectionsPerServer(options.integer("memcached4j-connections", 0));
        }

        boolean turns = options.yes("turns");
        Measurement m; // null when taking turns: each turn printed its own
        long operations;
        long recorded;
        try (LoadClient client = kind.open(servers, settings, tls)) {
            if (tls != null) {
                LoadTls.awaitFirstStore(client, keys);
            }
            keys.prefill(client);
            if (turns) {
                m = null;
                operations = takeTurns(kind, workload, client, keys, warmUp, measured);
            } else {
                m = workload.run(client, keys, warmUp, measured);
                operations = m.operations();
            }
            recorded = client instanceof Memcached4jClient ours ? ours.recordedRequests() : 0;
        }
        if (m == null) {
            checkRecorded(kind, recorded, operations);
            System.exit(0);
        }
        if (m.firstError() != null) {
            System.err.println("first error of " + kind.id() + " on " + workload.id() + ":");
            m.firstError().printStackTrace();
        }
        checkRecorded(kind, recorded, operations);
        System.out.println(result(kind, workload, m).toLine());
        System.out.flush();
        // Some libraries leave non-daemon threads behind after shutdown.
        System.exit(0);
    }

    private static RunResult result(ClientKind kind, Scenario workload, Measurement m) {
        return new RunResult(kind.id(), workload.id(), m.opsPerSecond(), m.operations(), m.misses(),
                m.errors(), m.p50Nanos(), m.p99Nanos(), m.cpuNanosPerOp());
    }

    /** Exits with 1 when the metrics client recorded fewer requests than the measured windows completed. */
    private static void checkRecorded(ClientKind kind, long recorded, long operations) {
        if (kind != ClientKind.MEMCACHED4J_METRICS) {
            return;
        }
        System.out.println("the metrics' request timers counted " + recorded + " requests (prefill and warm-up"
                + " included); the measured windows completed " + operations);
        if (recorded < operations) {
            System.out.println("the metrics recorded fewer requests than were made: this run measures nothing");
            System.exit(1);
        }
    }

    /**
     * With {@code --turns yes} ({@link TurnTaking}): warms up, prints {@link #READY}, then runs the
     * workload for {@code turn} (after {@link #TURN_WARM_UP}) each time a line {@link #GO} arrives on
     * standard input, printing each turn's result line, until the input ends. The same worker threads
     * run the warm-up and every turn ({@link TurnWorkers}).
     *
     * @return the operations of all turns' measured windows
     */
    private static long takeTurns(ClientKind kind, Scenario workload, LoadClient client, KeySpace keys, Duration warmUp,
                                  Duration turn) throws IOException, InterruptedException {
        try (TurnWorkers workers = new TurnWorkers(workload, client, keys)) {
            workers.run(warmUp, Duration.ofSeconds(1));
            System.out.println(READY);
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            long operations = 0;
            for (String line; (line = commands.readLine()) != null && line.equals(GO); ) {
                Measurement m = workers.run(TURN_WARM_UP, turn);
                operations += m.operations();
                if (m.firstError() != null) {
                    m.firstError().printStackTrace();
                }
                System.out.println(result(kind, workload, m).toLine());
                System.out.flush();
            }
            return operations;
        }
    }
}
