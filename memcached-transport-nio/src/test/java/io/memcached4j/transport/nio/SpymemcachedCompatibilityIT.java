package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.transcoder.Compression;
import io.memcached4j.transcoder.EncodedValue;
import io.memcached4j.transcoder.Transcoder;
import io.memcached4j.transcoder.TranscoderException;
import io.memcached4j.transcoder.Transcoders;
import net.spy.memcached.transcoders.SerializingTranscoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.Serial;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * spymemcached 2.12.3 and memcached4j share values through a real memcached: each reads what the
 * other wrote with its default {@code SerializingTranscoder}, and for the same value both store
 * the same bytes and flags.
 */
class SpymemcachedCompatibilityIT {
    /** A value class both clients serialize. */
    record Order(String id, List<String> lines) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    private static final Transcoder<Order> ORDERS = Transcoders.serialized(Order.class, ArrayList.class);
    private static final Transcoder<Object> SPY_FORMAT = Transcoders.spymemcached(Compression.gzip(), Order.class, ArrayList.class);

    private static MemcachedProcess memcached;
    private static MemcachedClient client;
    private static net.spy.memcached.MemcachedClient spy;

    @BeforeAll
    static void start() throws Exception {
        memcached = MemcachedProcess.start();
        client = Memcached.connect(ClientConfig.builder().servers(List.of(memcached.address())).transport("nio").build());
        spy = new net.spy.memcached.MemcachedClient(new InetSocketAddress("127.0.0.1", memcached.port()));
    }

    @AfterAll
    static void stop() {
        if (spy != null) {
            spy.shutdown(5, TimeUnit.SECONDS);
        }
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

    private static void spySet(String key, Object value) throws Exception {
        assertTrue(spy.set(key, 0, value).get(5, TimeUnit.SECONDS), "spymemcached stored " + key);
    }

    /** What spymemcached stored under the key, as bytes and flags. */
    private static EncodedValue stored(String key) {
        Item item = client.get(key).orElseThrow();
        return new EncodedValue(item.value(), item.flags());
    }

    private static Order order(int lines) {
        return new Order("order-1", new ArrayList<>(IntStream.range(0, lines).mapToObj(i -> "line " + i).toList()));
    }

    @Test
    void memcached4jReadsStringsLongsAndObjectsSpymemcachedWrote() throws Exception {
        spySet("s", "grüße, 世界");
        spySet("n", 1_234_567_890_123L);
        spySet("zero", 0L);
        spySet("negative", -1L);
        spySet("o", order(3));

        assertEquals(Optional.of("grüße, 世界"), client.get("s", Transcoders.utf8()));
        assertEquals(Optional.of(1_234_567_890_123L), client.get("n", Transcoders.longs()));
        assertEquals(Optional.of(0L), client.get("zero", Transcoders.longs()));
        assertEquals(Optional.of(-1L), client.get("negative", Transcoders.longs()));
        assertEquals(Optional.of(order(3)), client.get("o", ORDERS));

        assertEquals(Transcoders.utf8().encode("grüße, 世界"), stored("s"), "the same bytes and flags");
        assertEquals(Transcoders.longs().encode(1_234_567_890_123L), stored("n"));
        assertEquals(Transcoders.longs().encode(0L), stored("zero"));
        assertEquals(ORDERS.encode(order(3)), stored("o"));
    }

    @Test
    void memcached4jReadsEveryTypeSpymemcachedSpecialCases() throws Exception {
        List<Object> values = List.of(42, -7, true, false, new Date(1_700_000_000_123L), (byte) -3, 1.5f, -2.25d,
                Long.MIN_VALUE, "plain");
        for (int i = 0; i < values.size(); i++) {
            spySet("v" + i, values.get(i));
        }
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            assertEquals(Optional.of(value), client.get("v" + i, SPY_FORMAT), "reading " + value);
            assertEquals(SPY_FORMAT.encode(value), stored("v" + i), "the bytes and flags of " + value);
        }
        byte[] bytes = {0, 1, (byte) 0xff};
        spySet("bytes", bytes);
        assertEquals(0x800, stored("bytes").flags());
        assertArrayEquals(bytes, client.get("bytes", Transcoders.bytes()).orElseThrow());
        assertArrayEquals(bytes, (byte[]) client.get("bytes", SPY_FORMAT).orElseThrow());
    }

    @Test
    void memcached4jReadsValuesSpymemcachedCompressed() throws Exception {
        String large = "spymemcached compresses values over 16 KiB. ".repeat(1_000);
        spySet("text", large);
        spySet("order", order(2_000));

        EncodedValue text = stored("text");
        assertEquals(2, text.flags(), "gzip-compressed string");
        assertTrue(text.value().length < large.length() / 10, "stored compressed: " + text.value().length);
        assertEquals(Optional.of(large), client.get("text", Transcoders.utf8()));
        assertEquals(3, stored("order").flags(), "gzip-compressed serialized object");
        assertEquals(Optional.of(order(2_000)), client.get("order", ORDERS));

        assertEquals(Transcoders.compressed(Transcoders.utf8(), Compression.gzip()).encode(large), text,
                "gzip from the JDK gives the same bytes on both sides");
    }

    @Test
    void spymemcachedReadsStringsLongsAndObjectsMemcached4jWrote() throws Exception {
        client.set("s", "grüße, 世界", 0, Transcoders.utf8());
        client.set("n", 1_234_567_890_123L, 0, Transcoders.longs());
        client.set("negative", Long.MIN_VALUE, 0, Transcoders.longs());
        client.set("o", order(3), 0, ORDERS);
        client.set("bytes", new byte[] {4, 5}, 0, Transcoders.bytes());

        assertEquals("grüße, 世界", spy.get("s"));
        assertEquals(1_234_567_890_123L, spy.get("n"));
        assertEquals(Long.MIN_VALUE, spy.get("negative"));
        assertEquals(order(3), spy.get("o"));
        assertArrayEquals(new byte[] {4, 5}, (byte[]) spy.get("bytes"));
    }

    @Test
    void spymemcachedReadsEveryTypeMemcached4jWroteInItsFormat() throws Exception {
        List<Object> values = List.of(42, true, new Date(1_700_000_000_123L), (byte) 9, 1.5f, -2.25d, 7L, "plain", order(1));
        for (int i = 0; i < values.size(); i++) {
            client.set("v" + i, values.get(i), 0, SPY_FORMAT);
        }
        for (int i = 0; i < values.size(); i++) {
            assertEquals(values.get(i), spy.get("v" + i), "spymemcached reading " + values.get(i));
        }
    }

    @Test
    void spymemcachedReadsValuesMemcached4jCompressed() throws Exception {
        String large = "memcached4j compresses above the threshold. ".repeat(1_000);
        client.set("text", large, 0, Transcoders.compressed(Transcoders.utf8(), Compression.gzip(1_024)));
        client.set("order", order(2_000), 0, Transcoders.compressed(ORDERS, Compression.gzip()));
        assertEquals(2, client.get("text").orElseThrow().flags());
        assertEquals(3, client.get("order").orElseThrow().flags());

        assertEquals(large, spy.get("text"));
        assertEquals(order(2_000), spy.get("order"));
        SerializingTranscoder lowThreshold = new SerializingTranscoder();
        lowThreshold.setCompressionThreshold(1_024);
        assertEquals(large, spy.get("text", lowThreshold));
    }

    @Test
    void aClassSpymemcachedSerializedButNobodyNamedIsRefused() throws Exception {
        spySet("date-list", new ArrayList<>(List.of(new Date(0))));
        TranscoderException e = assertThrows(TranscoderException.class,
                () -> client.get("date-list", Transcoders.serialized(ArrayList.class)));
        assertTrue(e.getMessage().startsWith("refused to deserialize java.util.Date"), e.getMessage());
        assertInstanceOf(TranscoderException.class, assertThrows(TranscoderException.class,
                () -> client.get("date-list", Transcoders.spymemcached(Compression.gzip()))));
    }
}
