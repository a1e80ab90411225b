package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.process.Await;
import io.memcached4j.testkit.FakeMemcached;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** ElastiCache auto-discovery over TCP: the fake plays the configuration endpoint, other fakes the nodes. */
class ElastiCacheDiscoveryTest {

    @Test
    void theNioClientFollowsTheCluster() {
        try (FakeMemcached a = FakeMemcached.start(); FakeMemcached b = FakeMemcached.start();
             FakeMemcached endpoint = FakeMemcached.builder().clusterConfig(List.of(a.address())).start()) {
            ClientConfig config = ClientConfig.builder().elastiCache(endpoint.address().toString()).transport("nio")
                    .discoveryInterval(Duration.ofMillis(20)).build();
            try (MemcachedClient client = Memcached.connect(config)) {
                assertEquals(List.of(a.address()), client.servers());
                client.set(Item.of("k", "v".getBytes(UTF_8)));
                assertEquals(1, a.itemCount());

                endpoint.clusterConfig(List.of(b.address()));
                Await.until(Duration.ofSeconds(10), () -> client.servers().equals(List.of(b.address())), "node b replaces a");
                client.set(Item.of("k", "w".getBytes(UTF_8)));
                assertEquals(1, b.itemCount());
                assertEquals("w", new String(client.get("k").orElseThrow().value(), UTF_8));
            }
        }
    }
}
