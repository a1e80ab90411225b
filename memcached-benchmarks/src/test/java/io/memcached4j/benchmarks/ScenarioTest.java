package io.memcached4j.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioTest {
    private static List<String> ids(List<Scenario> scenarios) {
        return scenarios.stream().map(Scenario::id).toList();
    }

    @Test
    void mainIsTheMainTablesWorkloadsAndGrowthIsEveryGrowthTableInOrder() {
        assertEquals(List.of(Workload.values()), Scenario.select(List.of("main")));
        assertEquals(List.of("value-size", "multiget-keys", "connections", "servers"), GrowthWorkload.TABLES);
        assertEquals(ids(GrowthWorkload.all()), ids(Scenario.select(List.of("growth"))));
        assertEquals(List.of("get-10b", "get-1k", "get-100k", "get-1m", "set-10b", "set-1k", "set-100k", "set-1m"),
                ids(Scenario.select(List.of("value-size"))));
        assertEquals(List.of("multiget-10-1s", "multiget-100-1s", "multiget-1000-1s", "multiget-10-8s",
                "multiget-100-8s", "multiget-1000-8s"), ids(Scenario.select(List.of("multiget-keys"))));
        assertEquals(List.of("connections-1", "connections-2", "connections-8", "connections-2-64t"),
                ids(Scenario.select(List.of("connections"))));
        assertEquals(List.of("servers-1", "servers-8", "servers-50"), ids(Scenario.select(List.of("servers"))));
    }

    @Test
    void namesAndSetsMixInTheOrderGivenEachWorkloadOnce() {
        assertEquals(List.of("sync-1t", "servers-1", "servers-8", "servers-50"),
                ids(Scenario.select(List.of("sync-1t", "servers", "servers-8"))));
    }

    @Test
    void everyWorkloadHasItsOwnName() {
        List<String> ids = ids(Scenario.all());
        Set<String> unique = new HashSet<>(ids);

        assertEquals(ids.size(), unique.size(), ids.toString());
        assertTrue(GrowthWorkload.TABLES.stream().noneMatch(unique::contains));
    }

    @Test
    void theGrowthWorkloadsNameTheirServersValuesAndConnections() {
        Scenario large = Scenario.byId("set-1m");
        assertEquals(1024 * 1024, large.valueSize());
        assertEquals(new Servers.Setup(1, List.of("-I", "2m")), large.servers());
        assertEquals(1.0, large.unitsPerOperation());
        assertEquals("MiB/s", large.throughputUnit());

        Scenario keys = Scenario.byId("multiget-1000-8s");
        assertEquals(8, keys.servers().count());
        assertEquals(1000, keys.unitsPerOperation());
        assertEquals("keys/s", keys.throughputUnit());
        assertEquals(2, keys.threads());

        Scenario callers = Scenario.byId("connections-2-64t");
        assertEquals(64, callers.threads());
        assertEquals(new ClientSettings(2, 0), callers.clientSettings());
        assertEquals(new ClientSettings(0, 2 * 1024 * 1024), large.clientSettings());
        assertEquals(50, Scenario.byId("servers-50").servers().count());
        assertEquals(Servers.Setup.DEFAULT, Workload.SYNC_MIXED.servers());
        assertEquals("main", Workload.SYNC_MIXED.table());
        for (String table : GrowthWorkload.TABLES) {
            assertTrue(GrowthWorkload.table(table).stream().allMatch(w -> w.table().equals(table)), table);
        }
    }

    @Test
    void anUnknownNameIsRefusedWithWhatIsKnown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scenario.select(List.of("value-sizes")));

        assertTrue(e.getMessage().contains("value-size, multiget-keys, connections, servers"), e.getMessage());
    }
}
