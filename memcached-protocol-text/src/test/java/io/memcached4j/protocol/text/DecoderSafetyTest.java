package io.memcached4j.protocol.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memcached4j.MetaRequest;
import io.memcached4j.ProtocolException;
import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.ResponseDecoder;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile or broken replies end in a {@link ProtocolException}, never in a huge allocation or an endless read. */
class DecoderSafetyTest {
    private static final Request<?> GET = Golden.get(Request.RetrievalCommand.GET, 0, "k");
    private final ProtocolCodec codec = new TextProtocolCodecProvider().create(1024);

    private Object decode(Request<?> request, String reply) {
        return codec.newDecoder().decode(request, ByteBuffer.wrap(Golden.utf8(reply)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"VALUE k 0 99999999999\r\n", "VALUE k 0 1025\r\n", "VALUE k 0 2147483648\r\n",
        "VALUE k 0 99999999999999999999999\r\n", "VALUE k 0 18446744073709551615\r\n", "VALUE k 0 -1\r\n", "VALUE k 4294967296 1\r\nx\r\nEND\r\n",
        "VALUE k 0\r\n", "VALUE  0 1\r\nx\r\nEND\r\n", "VALUE k 0 1 2 3\r\n", "VALUE k 0 1\r\nxy\r\nEND\r\n",
        "VALUE k\u0001 0 1\r\nx\r\nEND\r\n", "STORED\r\n", "VALUE k 0 1\r\nx\r\nSTORED\r\n", "HD\r\n"})
    void malformedRetrievalRepliesAreProtocolErrors(String reply) {
        assertThrows(ProtocolException.class, () -> decode(GET, reply));
    }

    @Test
    void hugeLengthsAreRefusedForMetaAndRawToo() {
        assertThrows(ProtocolException.class, () -> decode(new Request.Meta(MetaRequest.get("k").value().build()),
                "VA 99999999999 t1\r\n"));
        assertThrows(ProtocolException.class, () -> decode(new Request.RawLine("get k"), "VALUE k 0 99999999999\r\n"));
        assertThrows(ProtocolException.class, () -> decode(new Request.RawLine("mg k v"), "VA 1025\r\n"));
    }

    @Test
    void aLineWithoutEndStopsAtTheBound() {
        ResponseDecoder decoder = codec.newDecoder();
        byte[] chunk = new byte[1000];
        Arrays.fill(chunk, (byte) 'S');
        int fed = 0;
        ProtocolException failure = null;
        while (failure == null && fed < 100 * chunk.length) {
            try {
                assertSame(ResponseDecoder.NEED_MORE, decoder.decode(new Request.Stats(null), ByteBuffer.wrap(chunk)));
                fed += chunk.length;
            } catch (ProtocolException e) {
                failure = e;
            }
        }
        assertTrue(failure != null && fed <= ReplyReader.MAX_LINE, "stopped after " + fed + " bytes");
    }

    @Test
    void aLineOfExactlyTheBoundIsAccepted() {
        String value = "v".repeat(ReplyReader.MAX_LINE - "STAT a ".length());
        assertEquals(value, ((Map<?, ?>) decode(new Request.Stats(null),
                "STAT a " + value + "\r\nEND\r\n")).get("a"));
        assertThrows(ProtocolException.class, () -> decode(new Request.Stats(null), "STAT a " + value + "v\r\nEND\r\n"));
        assertThrows(ProtocolException.class, () -> decode(new Request.Stats(null), "STAT a " + value + "vv\nEND\r\n"));
    }

    @Test
    void dataBlockMustEndWithCrLf() {
        assertThrows(ProtocolException.class, () -> decode(GET, "VALUE k 0 1\r\nx\nEND\r\n"));
        assertThrows(ProtocolException.class, () -> decode(new Request.Meta(MetaRequest.get("k").value().build()),
                "VA 1\r\nxyz\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HD x\u0001\r\n", "HD 1\r\n", "XX\r\n", "HDX\r\n", "MN\r\n", "ME foo\r\n", "VA\r\n",
        "VA x\r\n", "H\r\n", "\r\n"})
    void malformedMetaRepliesAreProtocolErrors(String reply) {
        assertThrows(ProtocolException.class, () -> decode(new Request.Meta(MetaRequest.get("k").build()), reply));
    }

    @Test
    void quietReplyMustBeFollowedByNoop() {
        Request<?> quiet = new Request.Meta(MetaRequest.delete("k").quiet().build());
        assertThrows(ProtocolException.class, () -> decode(quiet, "NF\r\nHD\r\n"));
        assertThrows(ProtocolException.class, () -> decode(quiet, "CLIENT_ERROR x\r\nHD\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"STAT\r\nEND\r\n", "STAT  1\r\nEND\r\n", "VERSION\r\n", "DELETED\r\n", "STATS a b\r\n"})
    void malformedStatsRepliesAreProtocolErrors(String reply) {
        assertThrows(ProtocolException.class, () -> decode(new Request.Stats(null), reply));
    }

    @Test
    void otherMalformedReplies() {
        assertThrows(ProtocolException.class, () -> decode(new Request.Arithmetic(true, "n", 1, false),
                "18446744073709551616\r\n"));
        assertThrows(ProtocolException.class, () -> decode(new Request.Arithmetic(true, "n", 1, false), "12a\r\n"));
        assertThrows(ProtocolException.class, () -> decode(new Request.Deletion("k", false), "STORED\r\n"));
        assertThrows(ProtocolException.class, () -> decode(new Request.Touch("k", 1, false), "DELETED\r\n"));
        assertThrows(ProtocolException.class, () -> decode(new Request.FlushAll(0, false), "OKAY\r\n"));
        assertThrows(ProtocolException.class, () -> decode(new Request.Version(), "VERSIONS\r\n"));
        for (String reply : List.of("STORED\r\n", "NOT_STORED\r\n")) {
            assertThrows(ProtocolException.class, () -> decode(new Request.Deletion("k", false), reply));
        }
    }
}
