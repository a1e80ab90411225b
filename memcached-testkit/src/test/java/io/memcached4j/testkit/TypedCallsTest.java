package io.memcached4j.testkit;

import io.memcached4j.AsyncMemcachedClient;
import io.memcached4j.CasConflictException;
import io.memcached4j.CasItem;
import io.memcached4j.ClientConfig;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.transcoder.Compression;
import io.memcached4j.transcoder.Transcoder;
import io.memcached4j.transcoder.TranscoderException;
import io.memcached4j.transcoder.Transcoders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed calls of the client store a transcoder's bytes and flags and decode what they read. */
class TypedCallsTest {
    private static final Transcoder<Long> LONGS = Transcoders.longs();
    private static final Transcoder<String> TEXT = Transcoders.utf8();

    private FakeMemcached fake;
    private MemcachedClient client;

    @BeforeEach
    void start() {
        fake = FakeMemcached.start();
        client = Memcached.connect(ClientConfig.builder().servers(fake.address().toString()).transport("inmem").build());
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void setStoresTheTranscodersFlagsAndGetDecodes() throws Exception {
        client.set("n", 5L, 60, LONGS);
        assertEquals("set n 768 60 1", fake.takeRequest().commandLine());
        assertEquals(Optional.of(5L), client.get("n", LONGS));
        assertEquals(Optional.empty(), client.get("absent", LONGS));
    }

    @Test
    void getAllDecodesEveryValueFound() {
        client.set("a", "alpha", 0, TEXT);
        client.set("b", "beta", 0, TEXT);
        assertEquals(Map.of("a", "alpha", "b", "beta"), client.getAll(List.of("a", "b", "c"), TEXT));
    }

    @Test
    void addReplaceAndGetAndTouchTakeATranscoder() throws Exception {
        assertFalse(client.replace("k", "one", 0, TEXT));
        assertTrue(client.add("k", "one", 0, TEXT));
        assertFalse(client.add("k", "two", 0, TEXT));
        assertTrue(client.replace("k", "three", 0, TEXT));
        fake.clearRequests();
        assertEquals(Optional.of("three"), client.getAndTouch("k", 100, TEXT));
        assertEquals("gat 100 k", fake.takeRequest().commandLine());
    }

    @Test
    void compareAndSwapEncodesTheNewValueAndKeepsTheToken() {
        client.set("n", 1L, 0, LONGS);
        CasItem read = client.getWithCas("n").orElseThrow();
        client.compareAndSwap(read, LONGS.decode(read.value(), read.flags()) + 1, LONGS);
        assertEquals(Optional.of(2L), client.get("n", LONGS));
        assertThrows(CasConflictException.class, () -> client.compareAndSwap(read, 7L, LONGS), "the token is stale");
    }

    @Test
    void longsReadACounterMemcachedIncremented() {
        client.set("hits", "9".getBytes(UTF_8), 0, 0);
        client.increment("hits", 1);
        assertEquals(Optional.of(10L), client.get("hits", LONGS));
    }

    @Test
    void compressedValuesTravelCompressed() throws Exception {
        Transcoder<String> compressed = Transcoders.compressed(TEXT, Compression.gzip(100));
        String large = "memcached ".repeat(1000);
        client.set("big", large, 0, compressed);
        String line = fake.takeRequest().commandLine();
        assertTrue(line.startsWith("set big 2 0 "), line);
        assertTrue(Integer.parseInt(line.substring("set big 2 0 ".length())) < 200, line);
        assertEquals(Optional.of(large), client.get("big", TEXT));
    }

    @Test
    void badArgumentsFailBeforeAnythingIsSent() {
        fake.clearRequests();
        assertThrows(IllegalArgumentException.class, () -> client.set("bad key", "v", 0, TEXT));
        assertThrows(NullPointerException.class, () -> client.set("k", null, 0, TEXT));
        assertThrows(NullPointerException.class, () -> client.get("k", (Transcoder<String>) null));
        assertThrows(IllegalArgumentException.class,
                () -> client.set("k", new Object(), 0, Transcoders.spymemcached(Compression.none())));
        assertEquals(0, fake.requestCount());
    }

    @Test
    void aValueTheTranscoderCannotReadFails() {
        client.set("n", 5L, 0, LONGS);
        TranscoderException e = assertThrows(TranscoderException.class, () -> client.get("n", TEXT));
        assertEquals("the value holds a long (flags 0x300 in spymemcached's format), not a string", e.getMessage());
    }

    @Test
    void asyncCallsEncodeAndDecodeToo() throws Exception {
        AsyncMemcachedClient async = client.async();
        async.set("n", 41L, 0, LONGS).get(5, TimeUnit.SECONDS);
        assertEquals(Optional.of(41L), async.get("n", LONGS).get(5, TimeUnit.SECONDS));
        assertTrue(async.add("m", "x", 0, TEXT).get(5, TimeUnit.SECONDS));
        assertTrue(async.replace("m", "y", 0, TEXT).get(5, TimeUnit.SECONDS));
        assertEquals(Map.of("m", "y"), async.getAll(List.of("m"), TEXT).get(5, TimeUnit.SECONDS));
        assertEquals(Optional.of("y"), async.getAndTouch("m", 10, TEXT).get(5, TimeUnit.SECONDS));
        CasItem read = client.getWithCas("n").orElseThrow();
        async.compareAndSwap(read, 42L, LONGS).get(5, TimeUnit.SECONDS);
        assertEquals(Optional.of(42L), client.get("n", LONGS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> async.get("n", TEXT).get(5, TimeUnit.SECONDS));
        assertInstanceOf(TranscoderException.class, e.getCause());
    }
}
