package io.memcached4j.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A workload as the command line names it: what each worker thread does, how many threads do
 * it, and the servers, values and client setting it runs against. The main table's workloads are
 * {@link Workload}'s; the "how cost grows" tables' are {@link GrowthWorkload}'s.
 */
interface Scenario {
    /** The name used on the command line and in the results. */
    String id();

    /** What the table says the workload is. */
    String description();

    /** The table the workload is shown in: {@code main}, or one of {@link GrowthWorkload#TABLES}. */
    default String table() {
        return "main";
    }

    /** How many worker threads run {@link #runThread} at once. */
    int threads();

    /** What one worker thread does until the clock stops. */
    void runThread(LoadClient client, KeySpace keys, RunClock clock, Tally tally, Latencies latencies)
            throws InterruptedException;

    /** Whether the workload reports latency percentiles (then it runs one thread). */
    default boolean timesRoundTrips() {
        return false;
    }

    /** The memcached processes the workload runs against; by default the harness's one server. */
    default Servers.Setup servers() {
        return Servers.Setup.DEFAULT;
    }

    /** The value size in bytes, or 0 for the command line's {@code --value-size}. */
    default int valueSize() {
        return 0;
    }

    /** How many keys are prefilled, or 0 for the command line's {@code --keys}. */
    default int keyCount() {
        return 0;
    }

    /** What the workload sets in every client that has the setting; by default nothing. */
    default ClientSettings clientSettings() {
        return ClientSettings.DEFAULTS;
    }

    /**
     * What the throughput column counts besides operations ({@code keys/s}, {@code MiB/s}), or
     * the empty string when operations say it all.
     */
    default String throughputUnit() {
        return "";
    }

    /** How many units of {@link #throughputUnit()} one operation is; valid when there is a unit. */
    default double unitsPerOperation() {
        return 1;
    }

    /**
     * Runs the threads through the warm-up and the measured window, timed from the calling
     * thread, and returns what the measured window counted, with the CPU time this whole JVM
     * used in it: one turn of {@link TurnWorkers}.
     */
    default Measurement run(LoadClient client, KeySpace keys, Duration warmUp, Duration measured)
            throws InterruptedException {
        try (TurnWorkers workers = new TurnWorkers(this, client, keys)) {
            return workers.run(warmUp, measured);
        }
    }

    /** Every workload there is: the main table's, then the growth tables'. */
    static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>(List.of(Workload.values()));
        all.addAll(GrowthWorkload.all());
        return all;
    }

    /**
     * Resolves the names of the command line: a workload's {@link #id()}, {@code main} (the main
     * table's workloads), {@code growth} (every growth table) or one growth table's name
     * ({@link GrowthWorkload#TABLES}); in the order given, each workload once.
     *
     * @throws IllegalArgumentException on a name that is none of those
     */
    static List<Scenario> select(List<String> names) {
        Set<Scenario> selected = new LinkedHashSet<>();
        for (String name : names) {
            if (name.equals("main")) {
                selected.addAll(List.of(Workload.values()));
            } else if (name.equals("growth")) {
                selected.addAll(GrowthWorkload.all());
            } else if (GrowthWorkload.TABLES.contains(name)) {
                selected.addAll(GrowthWorkload.table(name));
            } else {
                selected.add(byId(name));
            }
        }
        return List.copyOf(selected);
    }

    /** Finds a workload by its {@link #id()}. */
    static Scenario byId(String id) {
        for (Scenario scenario : all()) {
            if (scenario.id().equals(id)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown workload " + id + "; known: main, growth, "
                + String.join(", ", GrowthWorkload.TABLES) + " or one of "
                + all().stream().map(Scenario::id).toList());
    }
}
