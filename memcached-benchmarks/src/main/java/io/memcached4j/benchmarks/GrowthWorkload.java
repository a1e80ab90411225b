package io.memcached4j.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The "how cost grows" workloads (issue 14), in four tables, each run by every client against
 * the limit driver: value size, keys per multi-get over 1 and 8 servers, connections per server,
 * and the number of servers. Each names its own value size, key count, servers and connections,
 * whatever the command line says.
 */
final class GrowthWorkload implements Scenario {
    private static final int KIB = 1024;
    private static final int MIB = 1024 * 1024;
    /** memcached refuses an item larger than its {@code -I} (1 MiB by default) with its key and header. */
    private static final Servers.Setup LARGE_ITEMS = new Servers.Setup(1, List.of("-I", "2m"));
    /** The clients' item limit to match: memcached4j refuses, before sending, an item over its limit (1 MiB by default). */
    private static final int LARGE_ITEM_LIMIT = 2 * MIB;
    private static final Servers.Setup EIGHT = new Servers.Setup(8, List.of());
    private static final Servers.Setup FIFTY = new Servers.Setup(50, List.of());
    private static final int DEFAULT_KEYS = 10_000;
    private static final Map<String, List<GrowthWorkload>> BY_TABLE = tables();
    /** The names of the tables, each a set of workloads the command line can name. */
    static final List<String> TABLES = List.copyOf(BY_TABLE.keySet());

    /** What each thread does. */
    private enum Operation { GET, SET, MIXED, MULTI_GET }

    private final String table;
    private final String id;
    private final String description;
    private final Operation operation;
    private final int threads;
    private final int valueSize;
    private final int keyCount;
    private final int keysPerMultiGet;
    private final Servers.Setup servers;
    private final ClientSettings settings;

    private GrowthWorkload(String table, String id, String description, Operation operation, int threads, int valueSize,
                           int keyCount, int keysPerMultiGet, Servers.Setup servers, ClientSettings settings) {
        this.table = table;
        this.id = id;
        this.description = description;
        this.operation = operation;
        this.threads = threads;
        this.valueSize = valueSize;
        this.keyCount = keyCount;
        this.keysPerMultiGet = keysPerMultiGet;
        this.servers = servers;
        this.settings = settings;
    }

    private static Map<String, List<GrowthWorkload>> tables() {
        Map<String, List<GrowthWorkload>> tables = new LinkedHashMap<>();
        List<GrowthWorkload> sizes = new ArrayList<>();
        for (Operation operation : List.of(Operation.GET, Operation.SET)) {
            sizes.add(sized(operation, 10, "10b", DEFAULT_KEYS, Servers.Setup.DEFAULT, ClientSettings.DEFAULTS));
            sizes.add(sized(operation, KIB, "1k", DEFAULT_KEYS, Servers.Setup.DEFAULT, ClientSettings.DEFAULTS));
            sizes.add(sized(operation, 100 * KIB, "100k", 500, Servers.Setup.DEFAULT, ClientSettings.DEFAULTS));
            sizes.add(sized(operation, MIB, "1m", 50, LARGE_ITEMS, new ClientSettings(0, LARGE_ITEM_LIMIT)));
        }
        tables.put("value-size", sizes);
        List<GrowthWorkload> multiGets = new ArrayList<>();
        for (Servers.Setup setup : List.of(Servers.Setup.DEFAULT, EIGHT)) {
            for (int keys : new int[] {10, 100, 1000}) {
                multiGets.add(new GrowthWorkload("multiget-keys", "multiget-" + keys + "-" + setup.count() + "s",
                        String.format(Locale.ROOT, "2 threads, blocking %,d-key multi-gets, %d server%s", keys,
                                setup.count(), setup.count() == 1 ? "" : "s"),
                        Operation.MULTI_GET, 2, 0, DEFAULT_KEYS, keys, setup, ClientSettings.DEFAULTS));
            }
        }
        tables.put("multiget-keys", multiGets);
        List<GrowthWorkload> connections = new ArrayList<>();
        for (int count : new int[] {1, 2, 8}) {
            connections.add(mixed("connections", "connections-" + count, 8, Servers.Setup.DEFAULT, count));
        }
        connections.add(mixed("connections", "connections-2-64t", 64, Servers.Setup.DEFAULT, 2));
        tables.put("connections", connections);
        List<GrowthWorkload> servers = new ArrayList<>();
        for (Servers.Setup setup : List.of(Servers.Setup.DEFAULT, EIGHT, FIFTY)) {
            servers.add(mixed("servers", "servers-" + setup.count(), 4, setup, 0));
        }
        tables.put("servers", servers);
        return tables;
    }

    private static GrowthWorkload sized(Operation operation, int size, String sizeId, int keys, Servers.Setup setup,
                                        ClientSettings settings) {
        String what = operation == Operation.GET ? "get" : "set";
        return new GrowthWorkload("value-size", what + "-" + sizeId, String.format(Locale.ROOT, "4 threads, blocking %ss of %s values"
                + " (%,d keys%s)", what, sizeText(size), keys, setup.arguments().isEmpty() ? ""
                : ", memcached " + String.join(" ", setup.arguments()) + ", item limit " + sizeText(settings.itemSizeLimit())),
                operation, 4, size, keys, 0, setup, settings);
    }

    private static GrowthWorkload mixed(String table, String id, int threads, Servers.Setup setup, int connections) {
        return new GrowthWorkload(table, id, String.format(Locale.ROOT, "%d threads, blocking get/set 90/10, %d server%s%s",
                threads, setup.count(), setup.count() == 1 ? "" : "s",
                connections == 0 ? "" : ", " + connections + " connection" + (connections == 1 ? "" : "s")
                        + " per server"), Operation.MIXED, threads, 0, DEFAULT_KEYS, 0, setup,
                new ClientSettings(connections, 0));
    }

    private static String sizeText(int bytes) {
        return bytes >= MIB ? bytes / MIB + " MiB" : bytes >= KIB ? bytes / KIB + " KiB" : bytes + " B";
    }

    /** Every growth workload, table by table. */
    static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>();
        BY_TABLE.values().forEach(all::addAll);
        return all;
    }

    /** The workloads of one of the {@link #TABLES}. */
    static List<Scenario> table(String name) {
        List<GrowthWorkload> table = BY_TABLE.get(name);
        if (table == null) {
            throw new IllegalArgumentException("unknown table " + name + "; known: " + TABLES);
        }
        return List.copyOf(table);
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public void runThread(LoadClient client, KeySpace keys, RunClock clock, Tally tally, Latencies latencies) {
        switch (operation) {
            case GET -> Loops.gets(client, keys, clock, tally);
            case SET -> Loops.sets(client, keys, clock, tally);
            case MIXED -> Loops.mixed(client, keys, clock, tally);
            case MULTI_GET -> Loops.multiGets(client, keys, clock, tally, keysPerMultiGet);
        }
    }

    @Override
    public Servers.Setup servers() {
        return servers;
    }

    @Override
    public int valueSize() {
        return valueSize;
    }

    @Override
    public int keyCount() {
        return keyCount;
    }

    @Override
    public ClientSettings clientSettings() {
        return settings;
    }

    @Override
    public String throughputUnit() {
        return switch (operation) {
            case GET, SET -> "MiB/s";
            case MULTI_GET -> "keys/s";
            case MIXED -> "";
        };
    }

    @Override
    public double unitsPerOperation() {
        return switch (operation) {
            case GET, SET -> valueSize / (double) MIB;
            case MULTI_GET -> keysPerMultiGet;
            case MIXED -> 1;
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
