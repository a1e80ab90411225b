package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.testkit.FakeMemcached;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-memory transport places every key on the server {@code nio} places it on: both reach the
 * same TCP fakes, one client writes through {@code inmem}, the other finds each key through
 * {@code nio}, and on exactly one server.
 */
class InMemoryShardingTest {

    @Test
    void inMemoryAndNioPlaceKeysOnTheSameServers() {
        List<FakeMemcached> fakes = List.of(FakeMemcached.start(), FakeMemcached.start(), FakeMemcached.start(),
                FakeMemcached.start());
        try {
            List<ServerAddress> servers = fakes.stream().map(FakeMemcached::address).toList();
            ClientConfig.Builder config = ClientConfig.builder().servers(servers);
            List<String> keys = new ArrayList<>();
            try (MemcachedClient inMemory = Memcached.connect(config.transport("inmem").build());
                 MemcachedClient nio = Memcached.connect(config.transport("nio").build())) {
                for (int i = 0; i < 400; i++) {
                    keys.add("shard:" + i);
                    inMemory.set(Item.of("shard:" + i, ("v" + i).getBytes(UTF_8)));
                }
                Map<String, Item> found = nio.getAll(keys);
                assertEquals(keys.size(), found.size(), "nio finds every key where inmem stored it");
                for (ServerAddress server : servers) {
                    long items = Long.parseLong(nio.stats().get(server).get("curr_items"));
                    assertTrue(items > 40, server + " holds a share of the keys: " + items);
                }
                for (String key : keys.subList(0, 40)) {
                    int holders = 0;
                    for (ServerAddress server : servers) {
                        holders += nio.rawCommand(server, "get " + key).size() == 3 ? 1 : 0;
                    }
                    assertEquals(1, holders, key + " is stored once");
                }
            }
        } finally {
            fakes.forEach(FakeMemcached::close);
        }
    }
}
