package io.memcached4j.micrometer;

import io.memcached4j.ClientConfig;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.process.Await;
import io.memcached4j.process.MemcachedProcess;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meters of a nio client against real memcached processes whose list changes at run time. */
class MemcachedMetricsIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double connections(MemcachedProcess server, String state) {
        Gauge g = registry.find(MemcachedMetrics.CONNECTIONS).tag("server", server.address().toString())
                .tag("state", state).gauge();
        return g == null ? -1 : g.value();
    }

    private double counter(String name, MemcachedProcess server) {
        return Meters.count(registry.find(name).tag("server", server.address().toString()).meter());
    }

    @Test
    void aMultiGetIsOneSampleAndItsKeysAreCountedAndTheGaugesFollowTheServerList() {
        try (MemcachedProcess first = MemcachedProcess.start();
             MemcachedProcess second = MemcachedProcess.start();
             MemcachedClient client = Memcached.connect(MemcachedMetrics.bind(ClientConfig.builder()
                     .servers(List.of(first.address())).transport("nio").connectionsPerServer(2), registry).build())) {
            Await.until(WAIT, () -> connections(first, "up") == 2, "both connections up");
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                keys.add("key-" + i);
                if (i % 2 == 0) {
                    client.set("key-" + i, "v".getBytes(UTF_8), 0, 0);
                }
            }
            assertEquals(50, client.getAll(keys).size());
            assertEquals(1, Meters.count(registry.find(MemcachedMetrics.REQUESTS).tag("server", first.address().toString())
                    .tag("command", "get").tag("outcome", "hit").meter()), "one sample for the multi-get");
            assertEquals(50, counter(MemcachedMetrics.HITS, first));
            assertEquals(50, counter(MemcachedMetrics.MISSES, first));

            client.updateServers(List.of(first.address(), second.address()));
            Await.until(WAIT, () -> connections(second, "up") == 2, "the added server's connections up");
            assertEquals(0, connections(second, "down"));

            client.updateServers(List.of(second.address()));
            assertTrue(connections(first, "down") <= 0, "a removed server's connections are not down");
            Await.until(WAIT, () -> connections(first, "up") == -1,
                    "the removed server's connections close, then its meters are removed");
            assertEquals(-1, connections(first, "down"));
            assertTrue(registry.find(MemcachedMetrics.HITS).tag("server", first.address().toString()).meters().isEmpty());
            assertEquals(2, connections(second, "up"));
        }
        assertEquals(0, registry.find(MemcachedMetrics.CONNECTIONS).gauges().stream().mapToDouble(Gauge::value).sum(),
                "closed with its last list: no connection up or down anywhere");
    }
}
