package io.memcached4j.transport.nio;

import io.memcached4j.AsyncMemcachedClient;
import io.memcached4j.CacheMissException;
import io.memcached4j.CasConflictException;
import io.memcached4j.CasItem;
import io.memcached4j.ClientConfig;
import io.memcached4j.ClientErrorException;
import io.memcached4j.Item;
import io.memcached4j.LineConnection;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.MetaRequest;
import io.memcached4j.MetaResponse;
import io.memcached4j.MetaStatus;
import io.memcached4j.ServerAddress;
import io.memcached4j.spi.ItemSize;
import io.memcached4j.spi.TransportProvider;
import io.memcached4j.process.MemcachedProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every operation of the client, sync and async, against a real memcached. */
class NioClientIT {
    static MemcachedProcess memcached;
    static MemcachedClient client;
    static AsyncMemcachedClient async;
    /** What the subclasses add to every client's configuration (TLS, a login); nothing here. */
    static UnaryOperator<ClientConfig.Builder> secure = b -> b;

    @BeforeAll
    static void start(TestInfo test) {
        // JUnit runs this for the subclasses too (their start() has another signature): they start their own.
        if (test.getTestClass().orElseThrow() == NioClientIT.class) {
            startWith(MemcachedProcess.builder(), b -> b);
        }
    }

    /**
     * Starts memcached and the client; the subclasses call it from their own {@code start()} and run the same tests.
     *
     * @param server the memcached to start
     * @param security what to add to the client's configuration
     */
    static void startWith(MemcachedProcess.Builder server, UnaryOperator<ClientConfig.Builder> security) {
        secure = security;
        memcached = server.start();
        client = Memcached.connect(secure.apply(ClientConfig.builder()).servers(List.of(memcached.address()))
                .transport("nio").itemSizeLimit(512 * 1024).build());
        async = client.async();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (memcached != null) {
            memcached.close();
        }
    }

    @BeforeEach
    void flush() {
        client.flushAll();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    @Test
    void theProviderIsRegisteredForTheServiceLoader() {
        List<TransportProvider> found = new ArrayList<>();
        ServiceLoader.load(TransportProvider.class).forEach(found::add);
        assertTrue(found.stream().anyMatch(p -> p instanceof NioTransportProvider && p.name().equals("nio")), found.toString());
    }

    @Test
    void theServiceLoaderFindsTheNioTransport() {
        assertInstanceOf(NioTransportProvider.class, Memcached.transport(client.config()));
        assertEquals(memcached.address().toString(), client.address());
        assertEquals(List.of(memcached.address()), client.servers());
    }

    @Test
    void setGetDeleteSync() {
        assertEquals(Optional.empty(), client.get("greeting"));
        client.set("greeting", bytes("hello"), 42, 0);
        Item item = client.get("greeting").orElseThrow();
        assertArrayEquals(bytes("hello"), item.value());
        assertEquals(42, item.flags());
        assertTrue(client.delete("greeting"));
        assertFalse(client.delete("greeting"));
        assertEquals(Optional.empty(), client.get("greeting"));
    }

    @Test
    void flagsAreUnsigned32Bit() {
        client.set(new Item("f", bytes("x"), -1, 0));
        assertEquals(-1, client.get("f").orElseThrow().flags());
    }

    @Test
    void binaryAndEmptyValuesRoundTrip() {
        byte[] binary = new byte[70_000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        client.set(Item.of("binary", binary));
        client.set(Item.of("empty", new byte[0]));
        assertArrayEquals(binary, client.get("binary").orElseThrow().value());
        assertArrayEquals(new byte[0], client.get("empty").orElseThrow().value());
    }

    @Test
    void addReplaceAppendPrepend() {
        assertTrue(client.add(Item.of("k", bytes("b"))));
        assertFalse(client.add(Item.of("k", bytes("x"))));
        assertTrue(client.replace(Item.of("k", bytes("c"))));
        assertFalse(client.replace(Item.of("absent", bytes("x"))));
        assertTrue(client.append("k", bytes("d")));
        assertTrue(client.prepend("k", bytes("a")));
        assertFalse(client.append("absent", bytes("x")));
        assertFalse(client.prepend("absent", bytes("x")));
        assertArrayEquals(bytes("acd"), client.get("k").orElseThrow().value());
    }

    @Test
    void compareAndSwapWinsLosesAndMisses() {
        client.set(Item.of("cas", bytes("1")));
        CasItem read = client.getWithCas("cas").orElseThrow();
        assertTrue(read.hasCas());
        client.compareAndSwap(read.withValue(bytes("2")));
        assertArrayEquals(bytes("2"), client.get("cas").orElseThrow().value());

        CasConflictException conflict = assertThrows(CasConflictException.class,
                () -> client.compareAndSwap(read.withValue(bytes("3"))));
        assertEquals("cas", conflict.key());

        CasItem again = client.getWithCas("cas").orElseThrow();
        client.delete("cas");
        CacheMissException miss = assertThrows(CacheMissException.class, () -> client.compareAndSwap(again));
        assertEquals("cas", miss.key());
        assertTrue(MemcachedException.isCacheMiss(miss));

        IllegalArgumentException noToken = assertThrows(IllegalArgumentException.class,
                () -> client.compareAndSwap(CasItem.of("cas", bytes("x"), 0, 0)));
        assertTrue(noToken.getMessage().contains("getWithCas"), noToken.getMessage());
    }

    @Test
    void asyncCasConflictIsRecognizedThroughTheFuture() throws Exception {
        client.set(Item.of("acas", bytes("1")));
        CasItem read = await(async.getWithCas("acas")).orElseThrow();
        await(async.set(Item.of("acas", bytes("other"))));
        Exception e = assertThrows(Exception.class, () -> await(async.compareAndSwap(read.withValue(bytes("2")))));
        assertTrue(MemcachedException.isCasConflict(e), e.toString());
    }

    @Test
    void countersAreUnsigned64Bit() {
        assertEquals(OptionalLong.empty(), client.increment("n", 1));
        // memcached 1.6.18 checks a number of 2^63 or more for a minus sign with strchr, which reads on
        // past the value into whatever earlier items left in its memory chunk, up to a zero byte: a '-'
        // there (an earlier test's "notanumber-", say) makes it answer "non-numeric" (later versions look
        // only at the number, see memcached/memcached#1105). Padded with spaces (memcached reads the
        // number up to the first), the counter is in a size class of its own, whose chunks hold nothing else.
        client.set(Item.of("n", bytes("18446744073709551614" + " ".repeat(5_000))));
        assertEquals("18446744073709551615", Long.toUnsignedString(client.increment("n", 1).orElseThrow()));
        assertEquals(0L, client.increment("n", 1).orElseThrow(), "wraps at 2^64");
        assertEquals(0L, client.decrement("n", 5).orElseThrow(), "decr stops at 0");
        assertEquals(OptionalLong.empty(), client.decrement("absent", 1));
    }

    @Test
    void touchAndGetAndTouch() {
        assertFalse(client.touch("t", 100));
        assertEquals(Optional.empty(), client.getAndTouch("t", 100));
        client.set(Item.of("t", bytes("v")));
        assertTrue(client.touch("t", 100));
        assertArrayEquals(bytes("v"), client.getAndTouch("t", 200).orElseThrow().value());
        client.set(new Item("gone", bytes("v"), 0, -1));
        assertEquals(Optional.empty(), client.get("gone"), "a negative expiration expires at once");
    }

    @Test
    void getAllReadsManyKeysAtOnce() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            keys.add("multi:" + i);
            if (i % 3 != 0) {
                client.set(Item.of("multi:" + i, bytes("v" + i)));
            }
        }
        keys.add("multi:1");
        Map<String, Item> found = client.getAll(keys);
        assertEquals(200, found.size());
        for (Map.Entry<String, Item> e : found.entrySet()) {
            assertArrayEquals(bytes("v" + e.getKey().substring(6)), e.getValue().value());
        }
        assertEquals(Map.of(), client.getAll(List.of()));
        assertEquals(200, await(async.getAll(keys)).size());
    }

    @Test
    void metaCommands() {
        MetaResponse set = client.meta(MetaRequest.set("meta", bytes("hello")).setTtl(100).setClientFlags(7).build());
        assertEquals(MetaStatus.HEADER, set.status());
        MetaResponse get = client.meta(MetaRequest.get("meta").value().cas().clientFlags().ttl().build());
        assertEquals(MetaStatus.VALUE, get.status());
        assertArrayEquals(bytes("hello"), get.value());
        assertEquals(Optional.of("7"), get.flag('f'));
        assertTrue(get.cas().isPresent());
        assertEquals(client.getWithCas("meta").orElseThrow().cas(), get.cas().getAsLong());

        assertTrue(client.meta(MetaRequest.get("absent").value().build()).isMiss());
        MetaResponse quietMiss = client.meta(MetaRequest.get("absent").value().quiet().build());
        assertEquals(MetaStatus.MISS, quietMiss.status());

        MetaResponse wrongCas = client.meta(MetaRequest.set("meta", bytes("x")).compareCas(1).build());
        assertEquals(MetaStatus.EXISTS, wrongCas.status());

        MetaResponse incr = client.meta(MetaRequest.arithmetic("counter").vivify(0).initial(10).value().build());
        assertArrayEquals(bytes("10"), incr.value());
        assertArrayEquals(bytes("15"), client.meta(MetaRequest.arithmetic("counter").delta(5).value().build()).value());

        assertEquals(MetaStatus.HEADER, client.meta(MetaRequest.delete("meta").build()).status());
        assertEquals(MetaStatus.NOT_FOUND, client.meta(MetaRequest.delete("meta").build()).status());
        assertEquals(MetaStatus.NOOP, client.meta(MetaRequest.noop()).status());

        byte[] binaryKey = {0, 1, 2, (byte) 0xff, ' ', '\n'};
        client.meta(MetaRequest.set("ignored", bytes("bin")).base64Key(binaryKey).build());
        assertArrayEquals(bytes("bin"), client.meta(MetaRequest.get("ignored").base64Key(binaryKey).value().build()).value());
    }

    @Test
    void staleWhileRevalidateHandsOutOneWinToken() {
        client.set(Item.of("swr", bytes("old")));
        client.meta(MetaRequest.delete("swr").invalidate().build());
        MetaResponse first = client.meta(MetaRequest.get("swr").value().build());
        assertTrue(first.stale());
        assertTrue(first.won());
        MetaResponse second = client.meta(MetaRequest.get("swr").value().build());
        assertTrue(second.stale());
        assertFalse(second.won());
    }

    @Test
    void statsVersionPingFlushAndRaw() {
        Map<ServerAddress, Map<String, String>> stats = client.stats();
        assertEquals(memcached.address(), stats.keySet().iterator().next());
        assertTrue(stats.get(memcached.address()).containsKey("curr_connections"));
        assertEquals("1048576", client.stats("settings").get(memcached.address()).get("item_size_max"));
        assertTrue(client.version().get(memcached.address()).startsWith("1."));
        client.ping();
        client.ping(Duration.ofSeconds(2));

        client.set(Item.of("raw", bytes("value")));
        assertEquals(List.of("VALUE raw 0 5", "value", "END"), client.rawCommand("get raw"));
        assertEquals(List.of("ERROR"), client.rawCommand("no_such_command"));
        assertThrows(IllegalArgumentException.class, () -> client.rawCommand("get a\r\nflush_all"));
        assertThrows(IllegalArgumentException.class, () -> client.rawCommand("set a 0 0 1"));
        assertThrows(IllegalArgumentException.class,
                () -> client.rawCommand(new ServerAddress("127.0.0.1", 1), "version"));

        client.flushAll();
        assertEquals(Optional.empty(), client.get("raw"));
        assertThrows(IllegalArgumentException.class, () -> client.stats("two words"));
    }

    @Test
    void serverErrorsKeepTheConnectionInStep() {
        assertThrows(ClientErrorException.class, () -> client.increment("notanumber-" + set("notanumber-", "abc"), 1));
        client.set(Item.of("after", bytes("ok")));
        assertArrayEquals(bytes("ok"), client.get("after").orElseThrow().value());
    }

    private static String set(String prefix, String value) {
        client.set(Item.of(prefix, bytes(value)));
        return "";
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsSent() {
        assertThrows(IllegalArgumentException.class, () -> client.get("has space"));
        assertThrows(IllegalArgumentException.class, () -> client.get("x".repeat(251)));
        assertThrows(IllegalArgumentException.class, () -> async.get("new\r\nline"));
        assertThrows(IllegalArgumentException.class, () -> client.getAll(List.of("ok", "not ok")));
        assertThrows(NullPointerException.class, () -> client.get(null));
        byte[] tooBig = new byte[512 * 1024 + 1];
        assertThrows(IllegalArgumentException.class, () -> client.set(Item.of("big", tooBig)));
        assertThrows(IllegalArgumentException.class, () -> async.append("big", tooBig));
        assertThrows(IllegalArgumentException.class, () -> client.meta(MetaRequest.set("big", tooBig).build()));
        assertThrows(IllegalArgumentException.class, () -> client.flushAll(Duration.ofSeconds(-1)));
        // the largest value is the limit less what memcached counts besides it: header, key and NUL, CRLF
        int largest = 512 * 1024 - ItemSize.HEADER_BYTES - "big".length() - 1 - 2;
        assertThrows(IllegalArgumentException.class, () -> client.set(Item.of("big", new byte[largest + 1])));
        client.set(Item.of("big", new byte[largest]));
        assertEquals(largest, client.get("big").orElseThrow().value().length);
    }

    @Test
    void blockingCallsOnTheIoThreadAreRefused() throws Exception {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            CompletableFuture<Throwable> seen = new CompletableFuture<>();
            CompletableFuture<Optional<Item>> pending = async.get("anything");
            pending.whenComplete((v, e) -> {
                if (!Thread.currentThread().getName().startsWith("memcached4j-nio-")) {
                    seen.complete(null); // completed before the callback was attached: try again
                    return;
                }
                try {
                    client.set(Item.of("never-sent", bytes("x")));
                    seen.complete(new AssertionError("a blocking call on the I/O thread was accepted"));
                } catch (Throwable t) {
                    seen.complete(t);
                }
            });
            Throwable t = seen.get(5, TimeUnit.SECONDS);
            if (t != null) {
                assertInstanceOf(IllegalStateException.class, t);
                assertEquals(Optional.empty(), client.get("never-sent"), "refused before anything was sent");
                return;
            }
        }
        throw new AssertionError("no callback ran on the I/O thread");
    }

    @Test
    void lineConnectionReadsAtTheCallersPace() {
        for (int i = 0; i < 50; i++) {
            client.set(Item.of("dump:" + i, bytes("v")));
        }
        try (LineConnection line = client.openLineConnection(memcached.address())) {
            assertEquals(memcached.address(), line.server());
            line.sendLine("version");
            assertTrue(line.readLine(Duration.ofSeconds(2)).startsWith("VERSION 1."));
            line.sendLine("lru_crawler metadump all");
            List<String> keys = new ArrayList<>();
            for (String l = line.readLine(Duration.ofSeconds(5)); !l.equals("END"); l = line.readLine(Duration.ofSeconds(5))) {
                keys.add(l);
            }
            assertEquals(50, keys.stream().filter(k -> k.startsWith("key=dump%3A")).count(), keys.toString());
            assertThrows(MemcachedTimeoutException.class, () -> line.readLine(Duration.ofMillis(50)));
            assertThrows(IllegalArgumentException.class, () -> line.sendLine("get a\nflush_all"));
        }
        assertThrows(IllegalArgumentException.class, () -> client.openLineConnection(new ServerAddress("127.0.0.1", 1)));
    }

    @Test
    void manyAsyncRequestsArePipelinedAndMatched() throws Exception {
        // 1,000 at a time stays within the default 1,024 requests in flight
        List<CompletableFuture<Void>> sets = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            sets.add(async.set(Item.of("p:" + i, bytes("value-" + i))));
        }
        CompletableFuture.allOf(sets.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
        List<CompletableFuture<Optional<Item>>> gets = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            gets.add(async.get("p:" + i));
        }
        for (int i = 0; i < 1_000; i++) {
            assertArrayEquals(bytes("value-" + i), await(gets.get(i)).orElseThrow().value());
        }
    }

    @Test
    void requestsForOneKeyKeepTheirOrderOverSeveralConnectionsWhateverTheCaller() throws Exception {
        try (MemcachedClient four = Memcached.connect(secure.apply(ClientConfig.builder()).servers(List.of(memcached.address()))
                .transport("nio").connectionsPerServer(4).ioThreads(2).build())) {
            AsyncMemcachedClient a = four.async();
            List<CompletableFuture<?>> all = new ArrayList<>();
            StringBuilder[] expected = new StringBuilder[16];
            for (int k = 0; k < expected.length; k++) {
                all.add(a.set(Item.of("order:" + k, bytes("s"))));
                expected[k] = new StringBuilder("s");
            }
            // interleaved, never awaited: a reordering on the wire would show in the values
            for (int i = 0; i < 40; i++) {
                for (int k = 0; k < expected.length; k++) {
                    all.add(a.append("order:" + k, bytes("," + i)));
                    expected[k].append(',').append(i);
                }
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k].toString(), new String(four.get("order:" + k).orElseThrow().value(), UTF_8));
            }
            // a blocking read right behind this thread's asynchronous writes still comes after them
            for (int k = 0; k < expected.length; k++) {
                for (int i = 0; i < 20; i++) {
                    a.append("order:" + k, bytes(";" + i));
                    expected[k].append(';').append(i);
                }
                assertEquals(expected[k].toString(), new String(four.get("order:" + k).orElseThrow().value(), UTF_8));
            }
        }
    }
}
