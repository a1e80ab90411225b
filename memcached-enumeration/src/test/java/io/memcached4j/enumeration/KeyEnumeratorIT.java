package io.memcached4j.enumeration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memcached4j.ClientConfig;
import io.memcached4j.ClientErrorException;
import io.memcached4j.EnumerationOptions;
import io.memcached4j.KeyEnumerator;
import io.memcached4j.KeyInfo;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MetaRequest;
import io.memcached4j.ServerAddress;
import io.memcached4j.UnsupportedVersionException;
import io.memcached4j.process.Await;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.process.RawTextSession;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link KeyEnumerator} against a real memcached, through the NIO transport. */
class KeyEnumeratorIT {
    private static final byte[] VALUE = "value".getBytes(StandardCharsets.UTF_8);

    private MemcachedProcess memcached;
    private MemcachedClient client;

    @BeforeEach
    void start() {
        memcached = MemcachedProcess.builder().memoryMegabytes(128).start();
        client = connect(memcached.address());
    }

    @AfterEach
    void stop() {
        client.close();
        memcached.close();
    }

    private static MemcachedClient connect(ServerAddress... servers) {
        return Memcached.connect(ClientConfig.builder().servers(List.of(servers))
                .operationTimeout(Duration.ofSeconds(5)).build());
    }

    private static Set<String> keys(List<KeyInfo> infos) {
        return infos.stream().map(KeyInfo::key).collect(Collectors.toSet());
    }

    @Test
    void enumeratesEveryKeyWithItsMetadata() {
        Instant before = Instant.now().minusSeconds(2);
        client.set("never", VALUE, 0, 0);
        client.set("expiring", VALUE, 0, 1000);
        for (int i = 0; i < 500; i++) {
            client.set("k" + i, VALUE, 0, 0);
        }
        client.get("never");
        long cas = client.getWithCas("expiring").orElseThrow().cas();

        List<KeyInfo> all = Memcached.keyEnumerator(client).enumerateAll();

        assertEquals(502, all.size());
        Map<String, KeyInfo> byKey = all.stream().collect(Collectors.toMap(KeyInfo::key, k -> k));
        assertEquals(502, byKey.size());
        KeyInfo never = byKey.get("never");
        KeyInfo expiring = byKey.get("expiring");
        assertTrue(never.neverExpires());
        assertTrue(never.fetched());
        Instant expires = expiring.expiration().orElseThrow();
        assertTrue(expires.isAfter(before.plusSeconds(1000)) && expires.isBefore(Instant.now().plusSeconds(1002)),
                expires.toString());
        assertEquals(cas, expiring.cas());
        for (KeyInfo k : all) {
            assertEquals(memcached.address(), k.server());
            assertTrue(k.slabClass() >= 1, k.toString());
            assertTrue(k.size() > VALUE.length + k.key().length(), k.toString());
            assertFalse(k.lastAccess().isBefore(before), k.toString());
        }
    }

    @Test
    void keysWithSpecialCharactersRoundTrip() {
        List<String> textKeys = List.of("100%", "%20literal", "a:b:c", "path/to/item", "q?x=1&y=2#frag", "plus+sign",
                "clé", "日本語のキー", "emoji-😀", "tilde~under_score.dot-dash");
        for (String key : textKeys) {
            client.set(key, VALUE, 0, 0);
        }
        // keys that the classic commands cannot carry: only meta commands with base64 keys can
        List<String> binaryKeys = List.of("with space", "two  spaces", " leading", "tab\there", "new\nline",
                "spaced ünïcödé");
        for (String key : binaryKeys) {
            client.meta(MetaRequest.set("unused", VALUE).base64Key(key.getBytes(StandardCharsets.UTF_8)).build());
        }

        Set<String> found = keys(Memcached.keyEnumerator(client).enumerateAll());

        Set<String> expected = new HashSet<>(textKeys);
        expected.addAll(binaryKeys);
        assertEquals(expected, found);
    }

    @Test
    void prefixAndLimit() {
        for (int i = 0; i < 100; i++) {
            client.set("p:" + i, VALUE, 0, 0);
            client.set("q:" + i, VALUE, 0, 0);
        }
        KeyEnumerator enumerator = Memcached.keyEnumerator(client);

        Set<String> p = keys(enumerator.withOptions(EnumerationOptions.builder().keyPrefix("p:").build()).enumerateAll());
        assertEquals(100, p.size());
        assertTrue(p.stream().allMatch(k -> k.startsWith("p:")));

        assertEquals(10, enumerator.withOptions(EnumerationOptions.builder().limit(10).build()).enumerateAll().size());
        assertEquals(200, enumerator.withOptions(EnumerationOptions.builder().hash().build()).enumerateAll().size());
        assertEquals(200, enumerator.withOptions(EnumerationOptions.builder().slabClasses(List.of(1, 2, 3)).build())
                .enumerateAll().size(), "these small items all live in the first classes");
    }

    @Test
    void aDisabledCrawlerIsAClearErrorAndEnableCrawlerSwitchesItOn() {
        client.set("a", VALUE, 0, 0);
        Crawler.disable(client, memcached.address());

        ClientErrorException e = assertThrows(ClientErrorException.class, () -> Memcached.keyEnumerator(client).enumerateAll());
        assertTrue(e.getMessage().contains("LRU crawler is disabled"), e.getMessage());
        assertTrue(e.getMessage().contains("lru_crawler enable"), e.getMessage());
        assertTrue(e.getMessage().contains("no_lru_crawler"), e.getMessage());
        assertEquals("no", client.stats("settings").get(memcached.address()).get("lru_crawler"));

        List<KeyInfo> all = Memcached.keyEnumerator(client)
                .withOptions(EnumerationOptions.builder().enableCrawler(true).build()).enumerateAll();

        assertEquals(Set.of("a"), keys(all));
        assertEquals("yes", client.stats("settings").get(memcached.address()).get("lru_crawler"));
    }

    @Test
    void closingAStreamEarlyReleasesItsConnection() {
        // Enough keys that the dump cannot fit in the socket buffers: the crawler waits for the reader.
        int loader;
        try (RawTextSession bulk = RawTextSession.open(memcached.address())) {
            loader = bulk.setQuietly("bulk:", 300_000).localPort();
        }
        // memcached serves the loader's connection until it has read its end
        Await.until(Duration.ofSeconds(10), () -> !serves(loader), "memcached to close the bulk loader's connection");
        int idle = currentConnections();
        KeyEnumerator enumerator = Memcached.keyEnumerator(client);

        try (Stream<KeyInfo> keys = enumerator.stream()) {
            Iterator<KeyInfo> it = keys.iterator();
            assertTrue(it.next().key().startsWith("bulk:"));
            assertEquals(idle + 1, currentConnections());
        }
        Await.until(Duration.ofSeconds(10), () -> currentConnections() == idle, "the enumeration's connection to close");

        // and the crawler, no longer held by the unread dump, serves the next one completely
        // ("hash" walks the hash table: "all" walks the LRUs and may miss items the LRU maintainer moves meanwhile)
        assertEquals(300_000, enumerator.withTimeout(Duration.ofSeconds(30))
                .withOptions(EnumerationOptions.builder().hash().build()).stream().count());
    }

    @Test
    void aBusyCrawlerIsWaitedFor() {
        try (RawTextSession bulk = RawTextSession.open(memcached.address())) {
            bulk.setQuietly("bulk:", 300_000);
        }
        RecordingPacer pacer = new RecordingPacer();
        CrawlerKeyEnumerator enumerator = new CrawlerKeyEnumerator(client, EnumerationOptions.builder().hash().build(),
                Duration.ofSeconds(30), pacer);

        // "lru_crawler crawl all" keeps the crawler busy for a while: a metadump sent meanwhile gets BUSY
        for (int attempt = 0; attempt < 5 && pacer.pauses.isEmpty(); attempt++) {
            assertEquals(List.of("OK"), client.rawCommand("lru_crawler crawl all"));
            assertEquals(300_000, enumerator.stream().count());
        }
        assertFalse(pacer.pauses.isEmpty(), "the crawler was never busy");
    }

    /** The system clock, recording the pauses of the BUSY retries. */
    private static final class RecordingPacer implements Pacer {
        final List<Duration> pauses = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration pause) throws InterruptedException {
            pauses.add(pause);
            Pacer.SYSTEM.sleep(pause);
        }
    }

    @Test
    void severalServersAreDumpedIntoOneStream() {
        try (MemcachedProcess second = MemcachedProcess.start();
             MemcachedClient both = connect(memcached.address(), second.address())) {
            for (int i = 0; i < 2000; i++) {
                both.set("shard:" + i, VALUE, 0, 0);
            }

            List<KeyInfo> all = Memcached.keyEnumerator(both).enumerateAll();

            assertEquals(2000, keys(all).size());
            for (ServerAddress server : List.of(memcached.address(), second.address())) {
                long onServer = all.stream().filter(k -> k.server().equals(server)).count();
                assertEquals(Long.parseLong(both.stats().get(server).get("curr_items")), onServer, server.toString());
                assertTrue(onServer > 0, server.toString());
            }
        }
    }

    @Test
    void anOldServerIsRefusedOrReadWithCachedump() throws Exception {
        try (ScriptedServer old = ScriptedServer.claiming("1.4.30", true, false)
                .on("stats items", "STAT items:1:number 2", "STAT items:1:age 10", "END")
                .on("stats cachedump 1 0", "ITEM user:1 [5 b; 0 s]", "ITEM user:2 [7 b; 1700000000 s]", "END");
             MemcachedClient oldClient = connect(old.address())) {
            UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class,
                    () -> Memcached.keyEnumerator(oldClient).enumerateAll());
            assertTrue(e.getMessage().startsWith("memcached version 1.4.31 or later is required for lru_crawler "
                    + "metadump support (detected: 1.4.30) on server " + old.address()), e.getMessage());

            List<KeyInfo> partial = Memcached.keyEnumerator(oldClient)
                    .withOptions(EnumerationOptions.builder().allowCachedumpFallback(true).build()).enumerateAll();

            assertEquals(List.of(
                    KeyInfo.of("user:1", null, Instant.EPOCH, 0, false, 1, 5, old.address()),
                    KeyInfo.of("user:2", Instant.ofEpochSecond(1_700_000_000), Instant.EPOCH, 0, false, 1,
                            7, old.address())), partial);
        }
    }

    /**
     * The client connections memcached serves, from one snapshot of {@code stats conns}
     * ({@code curr_connections} is decremented only after a closed connection's socket is).
     */
    private int currentConnections() {
        return (int) connectionStates().stream().filter(line -> !line.endsWith(" conn_listening")).count();
    }

    private boolean serves(int clientPort) {
        return client.rawCommand(memcached.address(), "stats conns").stream()
                .anyMatch(line -> line.contains(":addr ") && line.endsWith(":" + clientPort));
    }

    private List<String> connectionStates() {
        return client.rawCommand(memcached.address(), "stats conns").stream()
                .filter(line -> line.contains(":state ")).collect(Collectors.toList());
    }

}
