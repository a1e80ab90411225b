package io.memcached4j.testkit.internal.inmem;

import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.Ketama;
import io.memcached4j.testkit.FakeMemcached;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-memory transport follows a server list that changes, as the network one does. */
class InMemoryServerListTest {

    private static String keyOn(List<ServerAddress> servers, ServerAddress server) {
        Ketama ketama = Ketama.of(servers);
        for (int i = 0; ; i++) {
            if (servers.get(ketama.nodeFor("k" + i)).equals(server)) {
                return "k" + i;
            }
        }
    }

    @Test
    void requestsSentBeforeARemovalCompleteAndAHeldReplyFailsNamingTheRemoval() throws Exception {
        try (FakeMemcached a = FakeMemcached.start(); FakeMemcached b = FakeMemcached.start();
             FakeMemcached c = FakeMemcached.start();
             MemcachedClient client = Memcached.connect(ClientConfig.builder().servers(List.of(a.address(), b.address()))
                     .transport("inmem").operationTimeout(Duration.ofSeconds(5)).build())) {
            String key = keyOn(client.servers(), b.address());
            CompletableFuture<Void> stored = client.async().set(Item.of(key, "v".getBytes(UTF_8)));
            b.faults().onCommand("get").delay(Duration.ofSeconds(3));
            CompletableFuture<Optional<Item>> held = client.async().get(key);
            client.updateServers(List.of(a.address(), c.address()));

            stored.get(5, TimeUnit.SECONDS);
            assertEquals(1, b.itemCount(), "the set sent before the removal reached the removed server");
            ExecutionException e = assertThrows(ExecutionException.class, () -> held.get(5, TimeUnit.SECONDS));
            assertInstanceOf(MemcachedConnectionException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains(b.address() + " was removed"), e.getCause().getMessage());

            assertEquals(List.of(a.address(), c.address()), client.servers());
            for (int i = 0; i < 100; i++) {
                client.set(Item.of("after" + i, "x".getBytes(UTF_8)));
            }
            assertEquals(100, a.itemCount() + c.itemCount());
            assertTrue(c.itemCount() > 0, "the added server takes keys");
        }
    }
}
