package io.memcached4j.enumeration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.memcached4j.ClientErrorException;
import io.memcached4j.EnumerationOptions;
import io.memcached4j.KeyEnumerator;
import io.memcached4j.KeyInfo;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ServerAddress;
import io.memcached4j.ServerErrorException;
import io.memcached4j.UnsupportedVersionException;
import io.memcached4j.process.Await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class CrawlerKeyEnumeratorTest {
    private static final ServerAddress SERVER = new ServerAddress("127.0.0.1", 11211);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final FakePacer pacer = new FakePacer();

    private static ScriptedConnection modern(ServerAddress server) {
        return new ScriptedConnection(server).on("version", "VERSION 1.6.18");
    }

    private static List<String> dump(String... lines) {
        List<String> all = new ArrayList<>(List.of(lines));
        all.add("END");
        return all;
    }

    /** An enumerator of one server whose successive connections are these. */
    private CrawlerKeyEnumerator reconnecting(EnumerationOptions options, ScriptedConnection first,
                                              ScriptedConnection second) {
        MemcachedClient client = mock(MemcachedClient.class);
        when(client.openLineConnection(SERVER)).thenReturn(first.connection, second.connection);
        when(client.servers()).thenReturn(List.of(SERVER));
        return new CrawlerKeyEnumerator(client, options, TIMEOUT, pacer);
    }

    private CrawlerKeyEnumerator enumerator(EnumerationOptions options, ScriptedConnection... connections) {
        MemcachedClient client = mock(MemcachedClient.class);
        List<ServerAddress> servers = new ArrayList<>();
        for (ScriptedConnection c : connections) {
            ServerAddress server = c.connection.server();
            servers.add(server);
            when(client.openLineConnection(server)).thenReturn(c.connection);
        }
        when(client.servers()).thenReturn(servers);
        return new CrawlerKeyEnumerator(client, options, TIMEOUT, pacer);
    }

    private static List<String> keys(List<KeyInfo> infos) {
        return infos.stream().map(KeyInfo::key).collect(Collectors.toList());
    }

    /** A metadump line as memcached 1.6.18 writes it, for a key already URI-encoded. */
    private static String line(String encodedKey, int slabClass) {
        return "key=" + encodedKey + " exp=-1 la=1795611817 cas=1 fetch=no cls=" + slabClass + " size=64";
    }

    @Test
    void enumeratesEveryKeyWithItsServerAndClosesTheConnectionAtTheEnd() {
        ScriptedConnection c = modern(SERVER).on("lru_crawler metadump all",
                dump(line("a", 1), line("b%20c", 2), line("d", 1)));

        List<KeyInfo> all = enumerator(EnumerationOptions.defaults(), c).enumerateAll();

        assertEquals(List.of("a", "b c", "d"), keys(all));
        assertEquals(2, all.get(1).slabClass());
        assertTrue(all.stream().allMatch(k -> k.server().equals(SERVER)));
        assertEquals(List.of("version", "lru_crawler metadump all"), c.sent);
        assertTrue(c.isClosed());
    }

    @Test
    void sendsTheScopeOfTheOptions() {
        ScriptedConnection classes = modern(SERVER).on("lru_crawler metadump 1,5", dump(line("a", 5)));
        assertEquals(List.of("a"), keys(enumerator(EnumerationOptions.builder().slabClasses(List.of(1, 5)).build(),
                classes).enumerateAll()));

        ScriptedConnection hash = modern(SERVER).on("lru_crawler metadump hash", dump(line("h", 1)));
        assertEquals(List.of("h"), keys(enumerator(EnumerationOptions.builder().hash().build(), hash).enumerateAll()));
    }

    @Test
    void filtersByPrefixAfterDecodingTheKey() {
        ScriptedConnection c = modern(SERVER).on("lru_crawler metadump all",
                dump(line("user%3A1", 1), line("session:1", 1), line("user:2", 1)));

        List<KeyInfo> all = enumerator(EnumerationOptions.builder().keyPrefix("user:").build(), c).enumerateAll();

        assertEquals(List.of("user:1", "user:2"), keys(all));
    }

    @Test
    void stopsAtTheLimitAndReleasesTheConnectionAtOnce() {
        ScriptedConnection c = modern(SERVER).on("lru_crawler metadump all", dump(line("a", 1), line("b", 1)))
                .hangWhenDrained();
        KeyEnumerator e = enumerator(EnumerationOptions.builder().limit(1).build(), c);

        try (Stream<KeyInfo> keys = e.stream()) {
            Iterator<KeyInfo> it = keys.iterator();
            assertEquals("a", it.next().key());
            assertTrue(c.isClosed(), "released when the limit is reached, before the stream is closed");
            assertReaderThreadsEnded();
            assertFalse(it.hasNext());
        }
    }

    @Test
    void opensNothingUntilTheStreamIsReadAndClosingEarlyReleasesTheConnection() {
        ScriptedConnection c = modern(SERVER).on("lru_crawler metadump all", List.of(line("a", 1), line("b", 1)))
                .hangWhenDrained();
        CrawlerKeyEnumerator e = enumerator(EnumerationOptions.defaults(), c);

        Stream<KeyInfo> keys = e.stream();
        assertTrue(c.sent.isEmpty(), "lazy: nothing sent before a key is asked for");
        assertEquals("a", keys.iterator().next().key());
        assertFalse(c.isClosed());
        keys.close();
        assertTrue(c.isClosed());
        assertReaderThreadsEnded();
    }

    @Test
    void countsUnparsedLinesInsteadOfDroppingThemSilently() {
        List<String> lines = dump(line("a", 1), "key=broken", "something else", line("b", 1));
        CrawlerKeyEnumerator e = reconnecting(EnumerationOptions.defaults(),
                modern(SERVER).on("lru_crawler metadump all", lines), modern(SERVER).on("lru_crawler metadump all", lines));

        assertEquals(List.of("a", "b"), keys(e.enumerateAll()));
        assertEquals(2, e.unparsedLines());
        assertEquals(List.of("a", "b"), keys(e.enumerateAll()));
        assertEquals(4, e.unparsedLines(), "counted over every dump of the enumerator");
    }

    @Test
    void keysReadAheadArriveInOrderAndEveryBadLineIsCounted() {
        List<String> lines = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            if (i % 300 == 7) {
                lines.add("key=bad" + i);
            } else {
                lines.add(line("k" + i, 1));
                expected.add("k" + i);
            }
        }
        lines.add("END");
        CrawlerKeyEnumerator e = enumerator(EnumerationOptions.defaults(),
                modern(SERVER).on("lru_crawler metadump all", lines));

        assertEquals(expected, keys(e.enumerateAll()));
        assertEquals(2000 - expected.size(), e.unparsedLines());
    }

    @Test
    void splitsLinesATransportDeliveredTogether() {
        ScriptedConnection c = modern(SERVER).on("lru_crawler metadump all",
                line("a", 1) + "\n" + line("b", 1) + "\n", line("c", 1) + "\r", "END");

        assertEquals(List.of("a", "b", "c"), keys(enumerator(EnumerationOptions.defaults(), c).enumerateAll()));
    }

    @Test
    void aDisabledCrawlerSaysHowToEnableIt() {
        ScriptedConnection c = modern(SERVER).on("lru_crawler metadump all", "CLIENT_ERROR lru crawler disabled");

        ClientErrorException e = assertThrows(ClientErrorException.class,
                () -> enumerator(EnumerationOptions.defaults(), c).enumerateAll());

        assertTrue(e.getMessage().contains("LRU crawler is disabled"), e.getMessage());
        assertTrue(e.getMessage().contains("lru_crawler enable"), e.getMessage());
        assertTrue(e.getMessage().contains("-o no_lru_crawler"), e.getMessage());
        assertTrue(e.getMessage().contains(SERVER.toString()), e.getMessage());
        assertFalse(c.sent.contains("lru_crawler enable"), "enabling is opt-in");
        assertTrue(c.isClosed());
    }

    @Test
    void enableCrawlerSendsLruCrawlerEnableThenDumps() {
        ScriptedConnection c = modern(SERVER)
                .on("lru_crawler metadump all", "CLIENT_ERROR lru crawler disabled")
                .on("lru_crawler metadump all", dump(line("a", 1)))
                .on("lru_crawler enable", "OK");

        List<KeyInfo> all = enumerator(EnumerationOptions.builder().enableCrawler(true).build(), c).enumerateAll();

        assertEquals(List.of("a"), keys(all));
        assertEquals(List.of("version", "lru_crawler metadump all", "lru_crawler enable", "lru_crawler metadump all"),
                c.sent);
    }

    @Test
    void enableCrawlerGivesUpWhenTheCrawlerStaysDisabled() {
        ScriptedConnection c = modern(SERVER)
                .on("lru_crawler metadump all", "CLIENT_ERROR lru crawler disabled")
                .on("lru_crawler enable", "OK");

        assertThrows(ClientErrorException.class,
                () -> enumerator(EnumerationOptions.builder().enableCrawler(true).build(), c).enumerateAll());
        assertEquals(1, c.sent.stream().filter("lru_crawler enable"::equals).count());
    }

    @Test
    void busyIsRetriedWithGrowingBackoff() {
        ScriptedConnection c = modern(SERVER)
                .on("lru_crawler metadump all", "BUSY currently processing crawler request")
                .on("lru_crawler metadump all", "BUSY currently processing crawler request")
                .on("lru_crawler metadump all", dump(line("a", 1)));

        assertEquals(List.of("a"), keys(enumerator(EnumerationOptions.defaults(), c).enumerateAll()));
        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20)), pacer.pauses);
    }

    @Test
    void busyLongerThanTheTimeoutTimesOut() {
        ScriptedConnection c = modern(SERVER).on("lru_crawler metadump all", "BUSY currently processing crawler request");

        MemcachedTimeoutException e = assertThrows(MemcachedTimeoutException.class,
                () -> enumerator(EnumerationOptions.defaults(), c).enumerateAll());

        assertTrue(e.getMessage().contains("busy"), e.getMessage());
        assertTrue(pacer.slept().compareTo(TIMEOUT) <= 0, "waited " + pacer.slept());
        assertTrue(pacer.pauses.size() > 3);
        assertTrue(c.isClosed());
    }

    @Test
    void aServerOlderThan1431IsUnsupported() {
        ScriptedConnection c = new ScriptedConnection(SERVER).on("version", "VERSION 1.4.30");

        UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class,
                () -> enumerator(EnumerationOptions.defaults(), c).enumerateAll());

        assertTrue(e.getMessage().startsWith("memcached version 1.4.31 or later is required for lru_crawler metadump "
                + "support (detected: 1.4.30) on server " + SERVER), e.getMessage());
        assertTrue(e.getMessage().contains("allowCachedumpFallback"), e.getMessage());
        assertEquals("1.4.30", e.detectedVersion());
        assertEquals(List.of("version"), c.sent);
        assertTrue(c.isClosed());
    }

    @Test
    void aServerThatDoesNotKnowMetadumpIsUnsupported() {
        ScriptedConnection c = new ScriptedConnection(SERVER).on("version", "VERSION garbage");

        UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class,
                () -> enumerator(EnumerationOptions.defaults(), c).enumerateAll());

        assertTrue(e.getMessage().contains("(detected: garbage)"), e.getMessage());
    }

    @Test
    void theCachedumpFallbackReturnsPartialKeys() {
        ScriptedConnection c = new ScriptedConnection(SERVER).on("version", "VERSION 1.4.30")
                .on("stats items", "STAT items:1:number 2", "STAT items:1:age 5", "STAT items:3:number 1", "END")
                .on("stats cachedump 1 0", "ITEM a [1 b; 0 s]", "ITEM caf\u00c3\u00a9 [10 b; 1700000000 s]", "END")
                .on("stats cachedump 3 0", "ITEM big [1000 b; 0 s]", "nonsense", "END");
        CrawlerKeyEnumerator e = enumerator(EnumerationOptions.builder().allowCachedumpFallback(true).build(), c);

        List<KeyInfo> all = e.enumerateAll();

        assertEquals(List.of(
                KeyInfo.of("a", null, Instant.EPOCH, 0, false, 1, 1, SERVER),
                KeyInfo.of("café", Instant.ofEpochSecond(1_700_000_000), Instant.EPOCH, 0, false, 1, 10,
                        SERVER),
                KeyInfo.of("big", null, Instant.EPOCH, 0, false, 3, 1000, SERVER)), all);
        assertEquals(1, e.partialServers());
        assertEquals(1, e.unparsedLines());
        assertFalse(c.sent.stream().anyMatch(s -> s.startsWith("lru_crawler")));
        assertTrue(c.isClosed());
    }

    @Test
    void theCachedumpFallbackHonoursChosenSlabClassesAndPrefix() {
        ScriptedConnection c = new ScriptedConnection(SERVER).on("version", "VERSION 1.4.20")
                .on("stats items", "STAT items:1:number 2", "STAT items:3:number 1", "END")
                .on("stats cachedump 3 0", "ITEM big [1000 b; 0 s]", "ITEM bog [1000 b; 0 s]", "END");
        EnumerationOptions options = EnumerationOptions.builder().allowCachedumpFallback(true)
                .slabClasses(List.of(3)).keyPrefix("bi").build();

        assertEquals(List.of("big"), keys(enumerator(options, c).enumerateAll()));
        assertFalse(c.sent.contains("stats cachedump 1 0"));
    }

    @Test
    void anErrorInTheMiddleOfTheDumpIsThrown() {
        ScriptedConnection c = modern(SERVER).on("lru_crawler metadump all",
                line("a", 1), "SERVER_ERROR out of memory writing to the connection");

        ServerErrorException e = assertThrows(ServerErrorException.class,
                () -> enumerator(EnumerationOptions.defaults(), c).enumerateAll());

        assertTrue(e.getMessage().contains("out of memory"), e.getMessage());
        assertTrue(c.isClosed());
    }

    @Test
    void aBadSlabClassIsAClientError() {
        ScriptedConnection c = modern(SERVER).on("lru_crawler metadump 200", "BADCLASS invalid class id");

        ClientErrorException e = assertThrows(ClientErrorException.class, () -> enumerator(
                EnumerationOptions.builder().slabClasses(List.of(200)).build(), c).enumerateAll());

        assertTrue(e.getMessage().contains("BADCLASS"), e.getMessage());
    }

    @Test
    void aReadTimeoutIsThrownAndReleasesTheConnection() {
        ScriptedConnection c = modern(SERVER).on("lru_crawler metadump all", line("a", 1));

        assertThrows(MemcachedTimeoutException.class, () -> enumerator(EnumerationOptions.defaults(), c).enumerateAll());
        assertTrue(c.isClosed());
    }

    @Test
    void everyReadWaitsTheConfiguredTimeout() {
        ScriptedConnection c = modern(SERVER).on("lru_crawler metadump all", dump(line("a", 1)));
        KeyEnumerator e = enumerator(EnumerationOptions.defaults(), c).withTimeout(Duration.ofMillis(1234));

        e.enumerateAll();

        verify(c.connection, never()).readLine(TIMEOUT);
        verify(c.connection, org.mockito.Mockito.atLeast(2)).readLine(Duration.ofMillis(1234));
    }

    @Test
    void withMethodsReturnNewEnumeratorsAndCheckTheirArguments() {
        CrawlerKeyEnumerator e = enumerator(EnumerationOptions.defaults(), modern(SERVER));
        EnumerationOptions options = EnumerationOptions.builder().limit(3).build();

        CrawlerKeyEnumerator withOptions = (CrawlerKeyEnumerator) e.withOptions(options);
        CrawlerKeyEnumerator withTimeout = (CrawlerKeyEnumerator) e.withTimeout(Duration.ofSeconds(9));

        assertNotSame(e, withOptions);
        assertEquals(options, withOptions.options());
        assertEquals(EnumerationOptions.defaults(), e.options());
        assertEquals(Duration.ofSeconds(9), withTimeout.timeout());
        assertEquals(TIMEOUT, e.timeout());
        assertThrows(IllegalArgumentException.class, () -> e.withTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> e.withTimeout(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> e.withOptions(null));
    }

    @Test
    void dumpsSeveralServersIntoOneStream() {
        List<ScriptedConnection> connections = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            ServerAddress server = new ServerAddress("127.0.0.1", 20000 + s);
            int shard = s;
            connections.add(modern(server).on("lru_crawler metadump all",
                    dump(IntStream.range(0, 3000).mapToObj(i -> line(shard + "-" + i, 1)).toArray(String[]::new))));
        }

        List<KeyInfo> all = enumerator(EnumerationOptions.defaults(), connections.toArray(ScriptedConnection[]::new))
                .enumerateAll();

        assertEquals(9000, all.size());
        assertEquals(9000, Set.copyOf(keys(all)).size());
        for (KeyInfo k : all) {
            assertEquals(20000 + Integer.parseInt(k.key().substring(0, 1)), k.server().port());
        }
        connections.forEach(c -> assertTrue(c.isClosed()));
    }

    @Test
    void aLimitOverSeveralServersCountsThemAll() {
        ScriptedConnection a = modern(new ServerAddress("127.0.0.1", 1)).on("lru_crawler metadump all",
                List.of(line("a1", 1), line("a2", 1))).hangWhenDrained();
        ScriptedConnection b = modern(new ServerAddress("127.0.0.1", 2)).on("lru_crawler metadump all",
                List.of(line("b1", 1), line("b2", 1))).hangWhenDrained();

        List<KeyInfo> all = enumerator(EnumerationOptions.builder().limit(3).build(), a, b).enumerateAll();

        assertEquals(3, all.size());
        assertTrue(a.isClosed());
        assertTrue(b.isClosed());
        assertReaderThreadsEnded();
    }

    @Test
    void aFailingServerFailsTheStreamAndStopsTheOthers() {
        ScriptedConnection good = modern(new ServerAddress("127.0.0.1", 1)).on("lru_crawler metadump all",
                List.of(line("a", 1))).hangWhenDrained();
        ScriptedConnection bad = modern(new ServerAddress("127.0.0.1", 2)).on("lru_crawler metadump all",
                "CLIENT_ERROR lru crawler disabled");

        assertThrows(ClientErrorException.class,
                () -> enumerator(EnumerationOptions.defaults(), good, bad).enumerateAll());
        assertTrue(good.isClosed());
        assertTrue(bad.isClosed());
        assertReaderThreadsEnded();
    }

    @Test
    void closingEarlyStopsEveryReaderThreadAndReleasesEveryConnection() {
        ScriptedConnection a = modern(new ServerAddress("127.0.0.1", 1)).on("lru_crawler metadump all",
                List.of(line("a1", 1))).hangWhenDrained();
        ScriptedConnection b = modern(new ServerAddress("127.0.0.1", 2)).on("lru_crawler metadump all",
                List.of(line("b1", 1))).hangWhenDrained();

        try (Stream<KeyInfo> keys = enumerator(EnumerationOptions.defaults(), a, b).stream()) {
            assertTrue(keys.iterator().next().key().matches("[ab]1"));
        }

        assertTrue(a.isClosed());
        assertTrue(b.isClosed());
        assertReaderThreadsEnded();
    }

    @Test
    void aSlowConsumerHoldsTheReadersBackInsteadOfBuffering() throws InterruptedException {
        ServerAddress server1 = new ServerAddress("127.0.0.1", 1);
        ServerAddress server2 = new ServerAddress("127.0.0.1", 2);
        List<String> many = dump(IntStream.range(0, 50_000).mapToObj(i -> line("k" + i, 1)).toArray(String[]::new));
        ScriptedConnection a = modern(server1).on("lru_crawler metadump all", many);
        ScriptedConnection b = modern(server2).on("lru_crawler metadump all", many);

        try (Stream<KeyInfo> keys = enumerator(EnumerationOptions.defaults(), a, b).stream()) {
            Iterator<KeyInfo> it = keys.iterator();
            it.next();
            awaitBlockedInPut("memcached4j-enumerate-" + server1);
            awaitBlockedInPut("memcached4j-enumerate-" + server2);
            int read = a.linesRead.get() + b.linesRead.get();
            // 2 version lines, the keys in flight, the one each blocked reader holds
            assertTrue(read <= 2 + ConcurrentKeySource.maxKeysInFlight(2) + 2, "read " + read + " lines");
        }
        assertReaderThreadsEnded();
    }

    private static void awaitBlockedInPut(String threadName) {
        Await.until(Duration.ofSeconds(10), () -> {
            Optional<Thread> thread = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals(threadName)).findFirst();
            return thread.isPresent() && thread.get().getState() == Thread.State.WAITING
                    && Stream.of(thread.get().getStackTrace()).anyMatch(f -> f.getMethodName().equals("put"));
        }, threadName + " to block on the full queue");
    }

    private static void assertReaderThreadsEnded() {
        List<String> alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(n -> n.startsWith("memcached4j-enumerate-")).collect(Collectors.toList());
        assertEquals(List.of(), alive);
    }

    @Test
    void aParseFailureOfTheCodecIsCountedNotThrown() {
        ScriptedConnection c = modern(SERVER).on("lru_crawler metadump all", dump("key=x y=z"));
        CrawlerKeyEnumerator e = enumerator(EnumerationOptions.defaults(), c);

        assertEquals(List.of(), e.enumerateAll());
        assertEquals(1, e.unparsedLines());
    }
}
