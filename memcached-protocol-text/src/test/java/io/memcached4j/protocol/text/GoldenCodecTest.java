package io.memcached4j.protocol.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memcached4j.CasItem;
import io.memcached4j.Item;
import io.memcached4j.Keys;
import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.ProtocolCodecProvider;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.ResponseDecoder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every request's bytes and every reply's meaning, byte for byte. */
class GoldenCodecTest {
    private final ProtocolCodec codec = ProtocolCodecProvider.find("text").create(Golden.ITEM_SIZE_LIMIT);

    static Stream<Golden.Encoding> encodings() {
        return Golden.ENCODINGS.stream();
    }

    static Stream<Golden.Reply> replies() {
        return Golden.REPLIES.stream();
    }

    @Test
    void providerIsFoundByName() {
        assertEquals("text", ProtocolCodecProvider.find("text").name());
        assertEquals(TextProtocolCodecProvider.class, ProtocolCodecProvider.find(null).getClass());
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void encodesExactBytes(Golden.Encoding golden) {
        byte[] expected = golden.bytes();
        assertEquals(expected.length, codec.encodedSize(golden.request()));
        for (ByteBuffer out : List.of(ByteBuffer.allocate(expected.length), ByteBuffer.allocateDirect(expected.length))) {
            assertTrue(codec.encode(golden.request(), out));
            assertEquals(expected.length, out.position());
            byte[] written = new byte[expected.length];
            out.flip().get(written);
            assertEquals(golden.wire(), new String(written, StandardCharsets.UTF_8));
            assertArrayEquals(expected, written);
        }
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void leavesTooSmallBufferUnchanged(Golden.Encoding golden) {
        int size = golden.bytes().length;
        ByteBuffer out = ByteBuffer.allocate(size + 9);
        out.put((byte) 'x').limit(size); // one byte short
        assertFalse(codec.encode(golden.request(), out));
        assertEquals(1, out.position());
        assertEquals(size, out.limit());
        byte[] rest = Arrays.copyOfRange(out.array(), 1, out.array().length);
        assertArrayEquals(new byte[rest.length], rest);
    }

    @ParameterizedTest
    @MethodSource("replies")
    void decodesReply(Golden.Reply golden) {
        ResponseDecoder decoder = codec.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(golden.bytes());
        Outcome outcome = Outcome.decodeOnce(decoder, golden.request(), in);
        assertTrue(outcome != null && outcome.matches(golden.expected()), () -> golden + " gave " + outcome);
        assertEquals(0, in.remaining(), "the whole reply is consumed");
    }

    @ParameterizedTest
    @MethodSource("replies")
    void decodesReplyTwiceFromOneBufferAndStaysInStep(Golden.Reply golden) {
        ResponseDecoder decoder = codec.newDecoder();
        byte[] one = golden.bytes();
        byte[] version = Golden.utf8("VERSION 9\r\n");
        ByteBuffer in = ByteBuffer.allocateDirect(2 * one.length + version.length);
        in.put(one).put(one).put(version).flip();
        for (int i = 0; i < 2; i++) {
            Outcome outcome = Outcome.decodeOnce(decoder, golden.request(), in);
            assertTrue(outcome != null && outcome.matches(golden.expected()), () -> golden + " gave " + outcome);
        }
        assertEquals("9", decoder.decode(new Request.Version(), in));
        assertFalse(in.hasRemaining());
    }

    @Test
    void requestsWithoutReplyDecodeToNullWithoutReading() {
        ResponseDecoder decoder = codec.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(Golden.utf8("STORED\r\n"));
        assertNull(decoder.decode(Golden.store(Request.StorageCommand.SET, "k", "v", 0, 0, 0, true), in));
        assertNull(decoder.decode(new Request.Quit(), in));
        assertEquals(0, in.position());
    }

    @Test
    void hitReusesTheRequestedKeyString() {
        String key = new String("foo".toCharArray());
        ResponseDecoder decoder = codec.newDecoder();
        Object result = decoder.decode(Golden.get(Request.RetrievalCommand.GET, 0, "other", key),
                ByteBuffer.wrap(Golden.utf8("VALUE foo 0 1\r\nx\r\nEND\r\n")));
        assertSame(key, ((CasItem) ((List<?>) result).get(0)).key());
        Map<?, ?> found = (Map<?, ?>) decoder.decode(Golden.getAll("other", key),
                ByteBuffer.wrap(Golden.utf8("VALUE foo 0 1\r\nx\r\nEND\r\n")));
        assertSame(key, ((Item) found.get("foo")).key());
        assertSame(key, found.keySet().iterator().next(), "getAll's map holds the request's own key string");
    }

    @Test
    void refusesInvalidWordsBeforeWriting() {
        ByteBuffer out = ByteBuffer.allocate(100);
        for (Request<?> bad : List.of(new Request.Deletion("a b", false), new Request.Deletion("a\r\nflush_all", false),
                new Request.Stats("items\r\nflush_all"), new Request.RawLine("get a\nflush_all"),
                new Request.RawLine(""), new Request.Deletion("k".repeat(251), false))) {
            assertThrows(IllegalArgumentException.class, () -> codec.encode(bad, out), bad::toString);
            assertEquals(0, out.position());
        }
    }

    @Test
    void refusesInvalidKeysOfOnePassRequestsWithoutPuttingTheirBytes() {
        byte[] value = Golden.utf8("v");
        for (String key : List.of("a b", "a\r\nflush_all", "ok\nflush_all", "\u0000", "", "k".repeat(251), "é\r")) {
            for (Request<?> bad : List.of(new Request.Retrieval(Request.RetrievalCommand.GET, List.of("fine", key), 0),
                    new Request.GetAll(List.of("fine", key)),
                    new Request.Storage(Request.StorageCommand.SET, key, value, 0, 0, 0, false))) {
                ByteBuffer out = ByteBuffer.allocate(4096);
                assertThrows(IllegalArgumentException.class, () -> codec.encode(bad, out), bad::toString);
                assertEquals(0, out.position());
                for (byte b : out.array()) {
                    assertTrue(b != '\r' && b != '\n', bad::toString);
                }
            }
        }
    }

    @Test
    void aKeyWithAnUnpairedSurrogateIsSentAsGetBytesEncodesItInTheLengthTheApiCounts() {
        String key = "a\uD800b" + "\uDC00".repeat(247); // 250 bytes on the wire: every unpaired surrogate is one '?'
        assertEquals(250, Keys.utf8Length(key));
        Request<?> get = new Request.Retrieval(Request.RetrievalCommand.GET, List.of(key), 0);
        byte[] expected = ("get " + key + "\r\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(expected.length, codec.encodedSize(get));
        ByteBuffer out = ByteBuffer.allocate(expected.length);
        assertTrue(codec.encode(get, out));
        assertArrayEquals(expected, out.array());
        assertThrows(IllegalArgumentException.class, () -> codec.encode(
                new Request.Retrieval(Request.RetrievalCommand.GET, List.of(key + "\uD800"), 0), ByteBuffer.allocate(4096)),
                "251 bytes on the wire");
    }

    @Test
    void refusesValueAboveItemSizeLimit() {
        ProtocolCodec small = new TextProtocolCodecProvider().create(4);
        Request<?> big = Golden.store(Request.StorageCommand.SET, "k", "12345", 0, 0, 0, false);
        assertThrows(IllegalArgumentException.class, () -> small.encodedSize(big));
        assertTrue(small.encode(Golden.store(Request.StorageCommand.SET, "k", "1234", 0, 0, 0, false),
                ByteBuffer.allocate(100)));
    }
}
