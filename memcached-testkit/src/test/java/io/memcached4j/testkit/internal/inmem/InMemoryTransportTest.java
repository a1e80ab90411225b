package io.memcached4j.testkit.internal.inmem;

import io.memcached4j.BackpressureException;
import io.memcached4j.CacheMissException;
import io.memcached4j.CasConflictException;
import io.memcached4j.CasItem;
import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.LineConnection;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.MetaRequest;
import io.memcached4j.MetaResponse;
import io.memcached4j.MetaStatus;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.Ketama;
import io.memcached4j.process.RawTextSession;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.InMemoryServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

import java.io.IOException;
import java.net.URLDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each test uses addresses of its own; only the reset test touches the JVM-wide in-memory fakes. */
class InMemoryTransportTest {
    private static final String IN_MEMORY_SERVERS = "io.memcached4j.testkit.InMemoryServers";
    private static final Duration READ = Duration.ofSeconds(5);
    private static final Pattern METADUMP_LINE = Pattern.compile("key=(\\S+) exp=-1 la=\\d+ cas=\\d+ fetch=no cls=\\d+ size=(\\d+)");
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private MemcachedClient connect(String servers) {
        MemcachedClient client = Memcached.connect(ClientConfig.builder().servers(servers).transport("inmem").build());
        resources.add(client);
        return client;
    }

    private FakeMemcached startFake() {
        FakeMemcached fake = FakeMemcached.start();
        resources.add(fake);
        return fake;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static String text(Optional<Item> item) {
        return new String(item.orElseThrow().value(), UTF_8);
    }

    private static long stat(MemcachedClient client, String name) {
        return Long.parseLong(client.stats().values().iterator().next().get(name));
    }

    @Test
    void everyOperationGoesThroughTheCodecToTheFake() {
        MemcachedClient client = connect("ops.inmem:11211");
        assertEquals("MemcachedClient[inmem ops.inmem:11211]", client.toString());
        ServerAddress server = new ServerAddress("ops.inmem", 11211);

        assertTrue(client.get("k").isEmpty());
        client.set("k", bytes("v1"), 42, 0);
        Item item = client.get("k").orElseThrow();
        assertEquals("v1", new String(item.value(), UTF_8));
        assertEquals(42, item.flags());

        CasItem cas = client.getWithCas("k").orElseThrow();
        client.compareAndSwap(cas.withValue(bytes("v2")));
        assertEquals("v2", text(client.get("k")));
        CasConflictException conflict = assertThrows(CasConflictException.class,
                () -> client.compareAndSwap(cas.withValue(bytes("stale"))));
        assertEquals("k", conflict.key());

        assertFalse(client.add(new Item("k", bytes("no"), 0, 0)));
        assertTrue(client.add(new Item("fresh", bytes("a"), 0, 0)));
        assertTrue(client.replace(new Item("fresh", bytes("b"), 0, 0)));
        assertFalse(client.replace(new Item("absent", bytes("b"), 0, 0)));
        assertTrue(client.append("fresh", bytes(">")));
        assertTrue(client.prepend("fresh", bytes("<")));
        assertEquals("<b>", text(client.get("fresh")));
        assertFalse(client.append("absent", bytes("x")));

        client.set("n", bytes("10"), 0, 0);
        assertEquals(OptionalLong.of(15), client.increment("n", 5));
        assertEquals(OptionalLong.of(0), client.decrement("n", 100));
        client.set("max", bytes("18446744073709551614"), 0, 0);
        assertEquals(OptionalLong.of(0xFFFFFFFFFFFFFFFFL), client.increment("max", 1), "unsigned 64-bit");
        assertEquals(OptionalLong.of(0), client.increment("max", 1), "wraps like memcached");
        assertEquals(OptionalLong.empty(), client.increment("absent", 1));

        assertTrue(client.touch("k", 100));
        assertFalse(client.touch("absent", 100));
        assertEquals("v2", text(client.getAndTouch("k", 200)));
        assertTrue(client.getAndTouch("absent", 1).isEmpty());

        Map<String, Item> all = client.getAll(List.of("k", "fresh", "absent"));
        assertEquals(Set.of("k", "fresh"), all.keySet());

        assertTrue(client.delete("fresh"));
        assertFalse(client.delete("fresh"));
        CasItem gone = client.getWithCas("k").orElseThrow();
        client.delete("k");
        assertThrows(CacheMissException.class, () -> client.compareAndSwap(gone));

        MetaResponse stored = client.meta(MetaRequest.set("m", bytes("meta")).setClientFlags(7).build());
        assertEquals(MetaStatus.HEADER, stored.status());
        MetaResponse got = client.meta(MetaRequest.get("m").value().clientFlags().cas().opaque("op1").build());
        assertEquals(MetaStatus.VALUE, got.status());
        assertArrayEquals(bytes("meta"), got.value());
        assertEquals(Optional.of("7"), got.flag('f'));
        assertEquals(Optional.of("op1"), got.opaque());
        assertTrue(got.cas().isPresent());
        assertEquals(MetaStatus.MISS, client.meta(MetaRequest.get("absent").value().build()).status());
        MetaResponse counted = client.meta(MetaRequest.arithmetic("ctr").vivify(0).initial(5).value().build());
        assertArrayEquals(bytes("5"), counted.value());
        assertEquals(MetaStatus.HEADER, client.meta(MetaRequest.delete("m").build()).status());
        assertEquals(MetaStatus.NOOP, client.meta(MetaRequest.noop()).status());

        Map<String, String> stats = client.stats().get(server);
        assertEquals("1.6.18", stats.get("version"));
        assertTrue(Long.parseLong(stats.get("cmd_get")) > 0);
        assertEquals("1048576", client.stats("settings").get(server).get("item_size_max"));
        assertEquals(Map.of(server, "1.6.18"), client.version());
        assertEquals(List.of("VERSION 1.6.18"), client.rawCommand("version"));
        assertEquals(List.of("ERROR"), client.rawCommand("bogus"));
        client.ping();
        client.ping(Duration.ofMillis(500));

        client.flushAll();
        assertTrue(client.get("ctr").isEmpty());
        assertEquals(Optional.empty(), client.async().get("ctr").join());
        client.async().set(new Item("async", bytes("a"), 0, 0)).join();
        assertEquals("a", text(client.async().get("async").join()));
    }

    @Test
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void theSystemPropertyChoosesTheTransport() {
        ClientConfig config = ClientConfig.builder().servers("property.inmem:11211").build();
        String before = System.getProperty(Memcached.TRANSPORT_PROPERTY);
        try {
            System.setProperty(Memcached.TRANSPORT_PROPERTY, "nio");
            IllegalStateException missing = assertThrows(IllegalStateException.class, () -> Memcached.connect(config));
            assertTrue(missing.getMessage().contains("inmem"), missing.getMessage());

            System.setProperty(Memcached.TRANSPORT_PROPERTY, "inmem");
            assertInstanceOf(InMemoryTransportProvider.class, Memcached.transport(config));
            try (MemcachedClient client = Memcached.connect(config)) {
                assertTrue(client.toString().contains("inmem"), client.toString());
                client.set("k", bytes("v"), 0, 0);
                assertEquals("v", text(client.get("k")));
            }
        } finally {
            if (before == null) {
                System.clearProperty(Memcached.TRANSPORT_PROPERTY);
            } else {
                System.setProperty(Memcached.TRANSPORT_PROPERTY, before);
            }
        }
    }

    @Test
    void nioWinsWhenBothArePresentAndNoneIsNamed() {
        // The nio transport has the default priority, 0; the lookup rules themselves are tested in the API.
        assertTrue(new InMemoryTransportProvider().priority() < 0);
    }

    @Test
    void aFakeOnTcpAndItsInMemoryClientsShareTheCache() throws IOException {
        FakeMemcached fake = startFake();
        MemcachedClient client = connect(fake.address().toString());
        client.set("from-memory", bytes("m"), 3, 0);
        try (RawTextSession session = RawTextSession.open(fake.address())) {
            session.send("get from-memory\r\nset from-tcp 5 0 1\r\nt\r\n");
            assertEquals("VALUE from-memory 3 1\r\nm\r\nEND\r\nSTORED\r\n", session.readUntil("STORED\r\n"));
        }
        Item fromTcp = client.get("from-tcp").orElseThrow();
        assertEquals("t", new String(fromTcp.value(), UTF_8));
        assertEquals(5, fromTcp.flags());
        assertEquals(2, fake.itemCount());

        fake.close();
        assertTrue(client.get("from-tcp").isEmpty(), "once the fake is closed, its address reaches an in-memory fake");
    }

    @Test
    @ResourceLock(IN_MEMORY_SERVERS)
    void anAddressWithoutAFakeIsSharedUntilReset() {
        MemcachedClient first = connect("shared.inmem:11211");
        MemcachedClient second = connect("shared.inmem:11211");
        MemcachedClient other = connect("other.inmem:11211");
        first.set("k", bytes("v"), 0, 0);
        assertEquals("v", text(second.get("k")));
        assertTrue(other.get("k").isEmpty());
        assertEquals(2, stat(first, "curr_connections"));

        InMemoryServers.reset();
        assertTrue(second.get("k").isEmpty(), "a reset gives the address an empty cache");
        first.set("k", bytes("after"), 0, 0);
        assertEquals("after", text(second.get("k")));
    }

    @Test
    void invalidKeysNeverReachTheEngine() {
        MemcachedClient client = connect("keys.inmem:11211");
        client.set("victim", bytes("still here"), 0, 0);
        long before = stat(client, "bytes_read");
        assertThrows(IllegalArgumentException.class, () -> client.get("k\r\nflush_all"));
        assertThrows(IllegalArgumentException.class, () -> client.set("two words", bytes("v"), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> client.delete("x".repeat(251)));
        assertThrows(IllegalArgumentException.class, () -> client.async().increment("tab\tkey", 1));
        assertThrows(IllegalArgumentException.class, () -> client.getAll(List.of("ok", "not ok")));
        assertThrows(IllegalArgumentException.class, () -> client.rawCommand("get a\r\nflush_all"));
        assertThrows(IllegalArgumentException.class, () -> client.meta(MetaRequest.get("bad key").build()));
        assertThrows(IllegalArgumentException.class, () -> client.set("big", new byte[ClientConfig.DEFAULT_ITEM_SIZE_LIMIT + 1], 0, 0));
        assertEquals(before + "stats\r\n".length(), stat(client, "bytes_read"),
                "only the previous stats command reached the server");
        assertEquals(0, stat(client, "cmd_flush"));
        assertEquals("still here", text(client.get("victim")));
    }

    @Test
    void keysAreSpreadOverServersByKetamaAsInProduction() {
        List<ServerAddress> servers = ServerAddress.parseList("s0.inmem:1,s1.inmem:2,s2.inmem:3");
        MemcachedClient client = connect("s0.inmem:1,s1.inmem:2,s2.inmem:3");
        Ketama ketama = Ketama.of(servers);
        Map<String, Item> expected = new HashMap<>();
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            String key = "key-" + i;
            client.set(key, bytes("v" + i), i, 0);
            expected.put(key, new Item(key, bytes("v" + i), i, 0));
            int owner = ketama.nodeFor(key);
            used.add(owner);
            for (int s = 0; s < 3; s++) {
                List<String> reply = client.rawCommand(servers.get(s), "get " + key);
                assertEquals(s == owner ? 3 : 1, reply.size(), key + " on server " + s + ": " + reply);
            }
        }
        assertEquals(Set.of(0, 1, 2), used);
        Map<String, Item> all = client.getAll(expected.keySet());
        assertEquals(expected.keySet(), all.keySet());
        all.forEach((key, item) -> assertArrayEquals(expected.get(key).value(), item.value()));
        long total = client.stats().values().stream().mapToLong(s -> Long.parseLong(s.get("curr_items"))).sum();
        assertEquals(60, total);
    }

    @Test
    void metadumpIsReadAtTheCallersPaceOnALineConnection() {
        MemcachedClient client = connect("dump.inmem:11211");
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            keys.add("dump/" + i);
            client.set("dump/" + i, bytes("value " + i), 0, 0);
        }
        ServerAddress server = client.servers().get(0);
        LineConnection line = client.openLineConnection(server);
        resources.add(line);
        assertEquals(server, line.server());
        line.sendLine("lru_crawler metadump all");
        Set<String> dumped = new HashSet<>();
        String next;
        while (!(next = line.readLine(READ)).equals("END")) {
            // key=<URI-encoded key> exp=... la=... cas=... fetch=... cls=... size=...
            Matcher fields = METADUMP_LINE.matcher(next);
            assertTrue(fields.matches(), next);
            String key = URLDecoder.decode(fields.group(1), UTF_8);
            assertTrue(dumped.add(key), "listed once: " + key);
            assertTrue(Integer.parseInt(fields.group(2)) > 0, next);
        }
        assertEquals(keys, dumped);
        assertThrows(MemcachedTimeoutException.class, () -> line.readLine(Duration.ofMillis(20)),
                "nothing follows END");
        line.sendLine("version");
        assertEquals("VERSION 1.6.18", line.readLine(READ));
        assertThrows(IllegalArgumentException.class, () -> line.sendLine("version\r\nflush_all"));
        line.close();
        assertThrows(MemcachedConnectionException.class, () -> line.sendLine("version"));
        assertThrows(MemcachedConnectionException.class, () -> line.readLine(READ));
        assertEquals(500, client.getAll(keys).size(), "the dump changed nothing");
    }

    @Test
    void quitOnALineConnectionClosesIt() {
        MemcachedClient client = connect("quit.inmem:11211");
        try (LineConnection line = client.openLineConnection(client.servers().get(0))) {
            line.sendLine("quit");
            assertThrows(MemcachedConnectionException.class, () -> line.readLine(READ));
        }
        assertEquals(1, stat(client, "curr_connections"), "the line connection's session has ended");
    }

    @Test
    void aClosedClientFailsFast() {
        MemcachedClient client = connect("closed.inmem:11211");
        MemcachedClient observer = connect("closed.inmem:11211");
        client.set("k", bytes("v"), 0, 0);
        assertEquals(2, stat(observer, "curr_connections"));
        client.close();
        client.close();
        assertEquals(1, stat(observer, "curr_connections"), "close ended the session");
        assertThrows(MemcachedConnectionException.class, () -> client.get("k"));
        assertTrue(client.async().get("k").isCompletedExceptionally());
        assertThrows(MemcachedConnectionException.class, () -> client.openLineConnection(client.servers().get(0)));
    }

    @Test
    void backpressureIsTypedAndWaitingOnAFutureInACallbackIsRefused() throws Exception {
        FakeMemcached fake = startFake();
        MemcachedClient client = Memcached.connect(ClientConfig.builder().servers(List.of(fake.address()))
                .transport("inmem").maxRequestsInFlight(1).build());
        resources.add(client);
        fake.faults().onCommand("get").times(1).delay(Duration.ofMillis(200));
        CompletableFuture<Optional<Item>> slow = client.async().get("slow");
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        slow.whenComplete((value, error) -> {
            try {
                client.async().get("k").get(3, TimeUnit.SECONDS);
                seen.complete(null);
            } catch (Throwable t) {
                seen.complete(t);
            }
        });
        CompletableFuture<Optional<Item>> refused = client.async().get("k");
        assertTrue(refused.isCompletedExceptionally(), "past the limit an async call fails at once");
        Throwable cause = assertThrows(ExecutionException.class, refused::get).getCause();
        assertInstanceOf(BackpressureException.class, cause);
        assertTrue(MemcachedException.isBackpressure(cause));
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, seen.get(5, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("memcached4j-inmem-"), e.getMessage());
    }

    @Test
    void everyConcurrentCloseReturnsOnlyOnceTheThreadsHaveEnded() throws Exception {
        FakeMemcached fake = startFake();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        MemcachedClient client = Memcached.connect(ClientConfig.builder().servers(List.of(fake.address())).transport("inmem").build());
        fake.faults().onCommand("get").times(1).delay(Duration.ofMillis(100));
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        client.async().get("k").whenComplete((value, error) -> {
            inCallback.countDown();
            try {
                never.await(300, TimeUnit.MILLISECONDS); // holds the loop thread while close() is called
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(inCallback.await(5, TimeUnit.SECONDS));
        List<Thread> mine = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().startsWith("memcached4j-inmem-")).collect(Collectors.toList());
        assertFalse(mine.isEmpty());
        CyclicBarrier start = new CyclicBarrier(4);
        List<String> alive = new CopyOnWriteArrayList<>();
        List<Thread> closers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread closer = new Thread(() -> {
                try {
                    start.await(5, TimeUnit.SECONDS);
                    client.close();
                    mine.stream().filter(Thread::isAlive).forEach(t -> alive.add(t.getName()));
                } catch (Exception failed) {
                    alive.add("closer failed: " + failed);
                }
            });
            closer.start();
            closers.add(closer);
        }
        for (Thread closer : closers) {
            closer.join(10_000);
        }
        assertEquals(List.of(), alive, "threads alive when a close() returned");
    }
}
