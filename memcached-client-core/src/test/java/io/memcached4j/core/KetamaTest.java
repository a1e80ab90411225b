package io.memcached4j.core;

import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class KetamaTest {

    @ParameterizedTest
    @ValueSource(ints = {3, 7})
    void mapsKeysToTheSameServersAsSpymemcached(int servers) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            addresses.add(new InetSocketAddress("10.0.0." + (i + 1), 11211 + i));
        }
        assertSameRouting(addresses, 100_000);
    }

    @Test
    void formatsHostNamesAsSpymemcachedDoes() {
        List<InetSocketAddress> addresses = List.of(
                new InetSocketAddress("localhost", 11211),
                new InetSocketAddress("127.0.0.1", 11212),
                new InetSocketAddress("localhost", 11213));
        assertEquals("localhost/127.0.0.1:11211", Ketama.nodeKey(addresses.get(0)));
        assertEquals("127.0.0.1:11212", Ketama.nodeKey(addresses.get(1)));
        assertSameRouting(addresses, 10_000);
    }

    @Test
    void hashesKeysLikeKetamaHash() {
        for (String key : List.of("a", "user:42", "ключ", "x".repeat(250))) {
            assertEquals(DefaultHashAlgorithm.KETAMA_HASH.hash(key), Ketama.hash(key), key);
        }
    }

    @Test
    void spreadsKeysOverEveryServer() {
        List<String> nodeKeys = List.of("10.0.0.1:11211", "10.0.0.2:11211", "10.0.0.3:11211");
        Ketama ketama = new Ketama(nodeKeys);
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) {
            counts[ketama.nodeFor("key" + i)]++;
        }
        for (int count : counts) {
            assertTrue(count > 5_000, "each server owns a fair share: " + java.util.Arrays.toString(counts));
        }
    }

    private static void assertSameRouting(List<InetSocketAddress> addresses, int keys) {
        List<MemcachedNode> nodes = new ArrayList<>();
        Map<MemcachedNode, Integer> index = new HashMap<>();
        List<String> nodeKeys = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            MemcachedNode node = mock(MemcachedNode.class);
            when(node.getSocketAddress()).thenReturn(address);
            index.put(node, nodes.size());
            nodes.add(node);
            nodeKeys.add(Ketama.nodeKey(address));
        }
        KetamaNodeLocator spy = new KetamaNodeLocator(nodes, DefaultHashAlgorithm.KETAMA_HASH);
        Ketama ours = new Ketama(nodeKeys);
        for (int i = 0; i < keys; i++) {
            String key = "key:" + i + ":" + Integer.toHexString(i * 7919);
            assertEquals(index.get(spy.getPrimary(key)).intValue(), ours.nodeFor(key), key);
        }
    }
}
