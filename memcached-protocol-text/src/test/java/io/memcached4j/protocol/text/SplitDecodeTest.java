package io.memcached4j.protocol.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.ResponseDecoder;

import java.nio.ByteBuffer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every golden reply, split in two at every offset and fed one byte at a time, decodes the same. */
class SplitDecodeTest {
    private final ProtocolCodec codec = new TextProtocolCodecProvider().create(Golden.ITEM_SIZE_LIMIT);

    static Stream<Golden.Reply> replies() {
        return Golden.REPLIES.stream();
    }

    @ParameterizedTest
    @MethodSource("replies")
    void splitInTwoAtEveryOffset(Golden.Reply golden) {
        byte[] bytes = golden.bytes();
        for (int cut = 0; cut <= bytes.length; cut++) {
            ResponseDecoder decoder = codec.newDecoder();
            ByteBuffer in = ByteBuffer.allocate(bytes.length + 32);
            in.put(bytes, 0, cut).flip();
            Outcome outcome = Outcome.decodeOnce(decoder, golden.request(), in);
            if (cut < bytes.length) {
                assertEquals(null, outcome, golden + ": a result before the reply is complete, cut at " + cut);
                in.compact().put(bytes, cut, bytes.length - cut).flip();
                outcome = Outcome.decodeOnce(decoder, golden.request(), in);
            }
            assertMatches(golden, outcome, "cut at " + cut);
            assertFalse(in.hasRemaining(), golden + " left bytes, cut at " + cut);
            assertStillInStep(decoder);
        }
    }

    @ParameterizedTest
    @MethodSource("replies")
    void oneByteAtATime(Golden.Reply golden) {
        byte[] bytes = golden.bytes();
        ResponseDecoder decoder = codec.newDecoder();
        ByteBuffer in = ByteBuffer.allocateDirect(4).flip();
        Outcome outcome = null;
        for (int i = 0; i < bytes.length; i++) {
            assertEquals(null, outcome, golden + ": a result before the reply is complete, at byte " + i);
            in.compact().put(bytes[i]).flip();
            outcome = Outcome.decodeOnce(decoder, golden.request(), in);
        }
        assertMatches(golden, outcome, "byte by byte");
        assertStillInStep(decoder);
    }

    private static void assertMatches(Golden.Reply golden, Outcome outcome, String how) {
        assertNotNull(outcome, golden + " never completed, " + how);
        assertTrue(outcome.matches(golden.expected()), () -> golden + " gave " + outcome + ", " + how);
    }

    private static void assertStillInStep(ResponseDecoder decoder) {
        assertEquals("1.6.18", decoder.decode(new Request.Version(), ByteBuffer.wrap(Golden.utf8("VERSION 1.6.18\r\n"))));
    }
}
