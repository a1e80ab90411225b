package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.Ketama;
import io.memcached4j.process.Await;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.process.MemcachedProcesses;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several servers: ketama routing, multi-get split and merged, per-server commands. */
class MultiServerIT {
    @AutoClose
    private static final MemcachedProcesses SERVERS = MemcachedProcesses.start(3);
    private static final List<ServerAddress> ADDRESSES = SERVERS.addresses();

    private static MemcachedClient connect() {
        return Memcached.connect(ClientConfig.builder().servers(ADDRESSES).transport("nio")
                .connectionsPerServer(2).ioThreads(2).reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200)).build());
    }

    @Test
    void keysAreSpreadByKetamaAndReadBackAcrossServers() {
        try (MemcachedClient client = connect()) {
            client.flushAll();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                keys.add("spread:" + i);
                client.set(Item.of("spread:" + i, ("v" + i).getBytes(UTF_8)));
            }
            Map<ServerAddress, Map<String, String>> stats = client.stats();
            assertEquals(ADDRESSES, List.copyOf(stats.keySet()));
            long total = 0;
            for (ServerAddress server : ADDRESSES) {
                long items = Long.parseLong(stats.get(server).get("curr_items"));
                assertTrue(items > 500, server + " holds a fair share: " + items);
                total += items;
            }
            assertEquals(3_000, total);

            Ketama ketama = Ketama.of(ADDRESSES);
            for (int i = 0; i < 60; i++) {
                String key = keys.get(i * 50);
                ServerAddress owner = ADDRESSES.get(ketama.nodeFor(key));
                String firstLine = client.rawCommand(owner, "get " + key).get(0);
                assertTrue(firstLine.startsWith("VALUE " + key + " "), key + " is stored on " + owner + ": " + firstLine);
            }

            Map<String, Item> all = client.getAll(keys);
            assertEquals(3_000, all.size());
            for (int i = 0; i < 3_000; i++) {
                assertArrayEquals(("v" + i).getBytes(UTF_8), all.get("spread:" + i).value());
            }
            assertEquals(3, client.version().size());
            client.ping();
            client.flushAll();
            assertEquals(Map.of(), client.getAll(keys));
            assertThrows(IllegalStateException.class, () -> client.rawCommand("version"));
        }
    }

    @Test
    void aDeadServerFailsOnlyItsOwnKeys() {
        MemcachedProcess victim = SERVERS.get(2);
        try (MemcachedClient client = connect()) {
            List<String> onVictim = new ArrayList<>();
            List<String> elsewhere = new ArrayList<>();
            Ketama ketama = Ketama.of(ADDRESSES);
            for (int i = 0; onVictim.size() < 20 || elsewhere.size() < 20; i++) {
                String key = "dead:" + i;
                (ketama.nodeFor(key) == 2 ? onVictim : elsewhere).add(key);
            }
            client.ping();
            victim.kill();
            try {
                Await.until(Duration.ofSeconds(2), () -> {
                    try {
                        client.get(onVictim.get(0));
                        return false;
                    } catch (MemcachedConnectionException e) {
                        return true;
                    }
                }, "keys of the dead server fail with MemcachedConnectionException");
                for (String key : elsewhere) {
                    client.set(Item.of(key, "ok".getBytes(UTF_8)));
                    assertArrayEquals("ok".getBytes(UTF_8), client.get(key).orElseThrow().value());
                }
                assertThrows(MemcachedConnectionException.class, () -> client.getAll(List.of(elsewhere.get(0), onVictim.get(0))));
            } finally {
                victim.restart();
            }
            Await.until(Duration.ofSeconds(3), () -> {
                try {
                    return client.get(onVictim.get(0)).isEmpty();
                } catch (MemcachedConnectionException e) {
                    return false;
                }
            }, "the restarted server takes its keys back");
        }
    }
}
