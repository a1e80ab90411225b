package io.memcached4j.core;

import io.memcached4j.ClientConfig;
import io.memcached4j.ClientListener;
import io.memcached4j.Item;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.DispatchingClientTest.RecordingDispatcher;
import io.memcached4j.core.codec.Request;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedNode;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** A server list that changes at run time ({@link MemcachedClient#updateServers}), over a recording transport. */
class ServerListTest {
    private static final int KEYS = 100_000;

    private static List<ServerAddress> servers(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> new ServerAddress("10.0.0." + i, 11211)).toList();
    }

    private static RecordingDispatcher dispatcher(List<ServerAddress> servers, ClientListener... listeners) {
        ClientConfig.Builder config = ClientConfig.builder().servers(servers);
        for (ClientListener l : listeners) {
            config.listener(l);
        }
        return new RecordingDispatcher(config.build());
    }

    private static String key(int i) {
        return "key:" + i + ":" + Integer.toHexString(i * 7919);
    }

    /** The server each key goes to, read from the recording transport: one get per key. */
    private static int[] placement(MemcachedClient client, RecordingDispatcher d) {
        d.sent.clear();
        d.answer = (server, request) -> List.of();
        int[] ids = new int[KEYS];
        for (int i = 0; i < KEYS; i++) {
            client.async().get(key(i));
            String sent = d.sent.get(i);
            ids[i] = Integer.parseInt(sent.substring(0, sent.indexOf(':')));
        }
        return ids;
    }

    @Test
    void addingAnEleventhServerMovesAboutOneEleventhOfTheKeysAllToIt() {
        RecordingDispatcher d = dispatcher(servers(10));
        try (MemcachedClient client = DispatchingClient.create(d)) {
            int[] before = placement(client, d);
            client.updateServers(servers(11));
            assertEquals(List.of("+10 10.0.0.11:11211"), d.changes, "the new server gets a fresh id; the others keep theirs");
            int[] after = placement(client, d);
            int moved = 0;
            for (int i = 0; i < KEYS; i++) {
                if (before[i] != after[i]) {
                    moved++;
                    assertEquals(10, after[i], "a key that moves goes to the new server: " + key(i));
                }
            }
            assertEquals(spymemcachedMoves(servers(10), servers(11)), moved, "spymemcached's locator moves the same keys");
            double share = moved / (double) KEYS;
            System.out.printf("adding an 11th server moved %d of %d keys (%.2f%%; 1/11 is 9.09%%)%n", moved, KEYS, 100 * share);
            assertTrue(share > 0.07 && share < 0.115, "about 1/11 of the keys move, not " + share);
        }
    }

    /** How many of the keys spymemcached's {@code KetamaNodeLocator} moves when its list changes ({@code updateLocator}). */
    private static int spymemcachedMoves(List<ServerAddress> before, List<ServerAddress> after) {
        Map<ServerAddress, MemcachedNode> nodes = new java.util.HashMap<>();
        for (ServerAddress s : after) {
            MemcachedNode node = mock(MemcachedNode.class);
            when(node.getSocketAddress()).thenReturn(new InetSocketAddress(s.host(), s.port()));
            nodes.put(s, node);
        }
        KetamaNodeLocator spy = new KetamaNodeLocator(before.stream().map(nodes::get).toList(), DefaultHashAlgorithm.KETAMA_HASH);
        MemcachedNode[] first = new MemcachedNode[KEYS];
        for (int i = 0; i < KEYS; i++) {
            first[i] = spy.getPrimary(key(i));
        }
        spy.updateLocator(after.stream().map(nodes::get).toList());
        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            if (spy.getPrimary(key(i)) != first[i]) {
                moved++;
            }
        }
        return moved;
    }

    @Test
    void placementIsSpymemcachedsBeforeAndAfterTheChange() {
        List<ServerAddress> ten = servers(10);
        List<ServerAddress> eleven = servers(11);
        List<MemcachedNode> nodes = new ArrayList<>();
        for (ServerAddress s : eleven) {
            MemcachedNode node = mock(MemcachedNode.class);
            when(node.getSocketAddress()).thenReturn(new InetSocketAddress(s.host(), s.port()));
            nodes.add(node);
        }
        KetamaNodeLocator spy = new KetamaNodeLocator(nodes.subList(0, 10), DefaultHashAlgorithm.KETAMA_HASH);
        Topology ours = Topology.initial(ten, null);
        assertSamePlacement(spy, ours, nodes);
        spy.updateLocator(nodes);
        assertSamePlacement(spy, ours.next(eleven, 10), nodes);
        // and back: removing the eleventh puts every key where it was
        spy.updateLocator(nodes.subList(0, 10));
        assertSamePlacement(spy, ours.next(eleven, 10).next(ten, 11), nodes);
    }

    private static void assertSamePlacement(KetamaNodeLocator spy, Topology ours, List<MemcachedNode> nodes) {
        for (int i = 0; i < KEYS; i++) {
            String key = key(i);
            ServerAddress mine = ours.servers.get(ours.positionFor(key));
            int theirs = nodes.indexOf(spy.getPrimary(key));
            assertEquals(theirs, Integer.parseInt(mine.host().substring("10.0.0.".length())) - 1, key);
        }
    }

    @Test
    void removingAServerRetiresItsIdAndMovesOnlyItsKeys() {
        RecordingDispatcher d = dispatcher(servers(4));
        try (MemcachedClient client = DispatchingClient.create(d)) {
            int[] before = placement(client, d);
            List<ServerAddress> three = List.of(servers(4).get(0), servers(4).get(1), servers(4).get(3));
            client.updateServers(three);
            assertEquals(List.of("-2"), d.changes);
            assertEquals(three, client.servers());
            int[] after = placement(client, d);
            for (int i = 0; i < KEYS; i++) {
                if (before[i] != 2) {
                    assertEquals(before[i], after[i], "a key of a server kept stays there: " + key(i));
                } else {
                    assertTrue(after[i] != 2, "a key of the removed server goes elsewhere");
                }
            }
            // the server comes back: a new id, never the old one
            client.updateServers(servers(4));
            assertEquals(List.of("-2", "+4 10.0.0.3:11211"), d.changes);
        }
    }

    @Test
    void badListsAreRefusedBeforeAnythingChanges() {
        RecordingDispatcher d = dispatcher(servers(2));
        try (MemcachedClient client = DispatchingClient.create(d)) {
            ServerAddress a = servers(2).get(0);
            assertThrows(IllegalArgumentException.class, () -> client.updateServers(null));
            IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> client.updateServers(List.of()));
            assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
            IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                    () -> client.updateServers(List.of(a, servers(3).get(2), a)));
            assertTrue(twice.getMessage().contains("10.0.0.1:11211 is listed twice"), twice.getMessage());
            IllegalArgumentException withNull = assertThrows(IllegalArgumentException.class,
                    () -> client.updateServers(Arrays.asList(a, null)));
            assertTrue(withNull.getMessage().contains("null"), withNull.getMessage());
            assertEquals(servers(2), client.servers());
            assertTrue(d.changes.isEmpty(), "nothing reached the transport: " + d.changes);

            // the same servers in another order change nothing
            client.updateServers(List.of(servers(2).get(1), a));
            assertEquals(servers(2), client.servers());
            assertTrue(d.changes.isEmpty());
        }
    }

    @Test
    void aClosedClientRefusesANewList() {
        RecordingDispatcher d = dispatcher(servers(2));
        MemcachedClient client = DispatchingClient.create(d);
        client.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> client.updateServers(servers(3)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertTrue(d.changes.isEmpty());
    }

    @Test
    void aMultiGetSplitsOverTheServersAsOfWhenItIsIssued() {
        RecordingDispatcher d = dispatcher(servers(3));
        d.answer = RecordingDispatcher.NEVER;
        try (MemcachedClient client = DispatchingClient.create(d)) {
            List<String> keys = IntStream.range(0, 200).mapToObj(ServerListTest::key).toList();
            CompletableFuture<Map<String, Item>> pending = client.async().getAll(keys);
            List<String> firstSplit = List.copyOf(d.sent);
            client.updateServers(servers(4));
            assertEquals(3, firstSplit.size(), "one get per server of the list it was issued with: " + firstSplit);
            assertFalse(pending.isDone());
            d.sent.clear();
            client.async().getAll(keys);
            assertEquals(4, d.sent.size(), "a multi-get issued after the change spans the new server too: " + d.sent);
            assertTrue(d.sent.stream().anyMatch(s -> s.startsWith("3:")), d.sent.toString());
        }
    }

    @Test
    void statsAndPingGoToTheCurrentServers() {
        RecordingDispatcher d = dispatcher(servers(2));
        d.answer = (server, request) -> request instanceof Request.Stats ? Map.of("pid", "1") : null;
        try (MemcachedClient client = DispatchingClient.create(d)) {
            client.updateServers(servers(3).subList(1, 3));
            assertEquals(List.copyOf(servers(3).subList(1, 3)), List.copyOf(client.stats().keySet()));
            assertEquals("10.0.0.2:11211,10.0.0.3:11211", client.address());
            assertThrows(IllegalArgumentException.class, () -> client.rawCommand(servers(1).get(0), "version"),
                    "a removed server is no longer one of the client's");
        }
    }

    @Test
    void listenersHearServersAddedAndRemovedWithTheClientsConfigAndTheListAtClose() {
        List<String> heard = new ArrayList<>();
        List<ClientConfig> configs = new ArrayList<>();
        ClientListener listener = new ClientListener() {
            @Override
            public void serverAdded(ClientConfig config, ServerAddress server) {
                configs.add(config);
                heard.add("+" + server);
            }

            @Override
            public void serverRemoved(ClientConfig config, ServerAddress server) {
                configs.add(config);
                heard.add("-" + server);
            }

            @Override
            public void clientClosed(ClientConfig config, List<ServerAddress> servers) {
                configs.add(config);
                heard.add("closed " + servers);
            }
        };
        RecordingDispatcher d = dispatcher(servers(2), listener);
        try (MemcachedClient client = DispatchingClient.create(d)) {
            client.updateServers(List.of(servers(3).get(1), servers(3).get(2)));
            assertEquals(List.of("+10.0.0.3:11211", "-10.0.0.1:11211"), heard);
        }
        assertEquals(List.of("+10.0.0.3:11211", "-10.0.0.1:11211", "closed [10.0.0.2:11211, 10.0.0.3:11211]"), heard);
        assertEquals(List.of(d.config(), d.config(), d.config()), configs, "each event names the client's configuration");
    }

    @Test
    void singleServerCallsFollowTheList() {
        RecordingDispatcher d = dispatcher(servers(1));
        d.answer = (server, request) -> request instanceof Request.Version ? "1.6.18" : null;
        try (MemcachedClient client = DispatchingClient.create(d)) {
            assertEquals("1.6.18", client.singleServerVersion());
            client.updateServers(servers(2));
            IllegalStateException e = assertThrows(IllegalStateException.class, client::singleServerVersion);
            assertTrue(e.getMessage().contains("10.0.0.2:11211"), e.getMessage());
        }
    }
}
