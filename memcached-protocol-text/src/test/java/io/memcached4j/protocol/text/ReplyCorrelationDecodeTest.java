package io.memcached4j.protocol.text;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memcached4j.MetaRequest;
import io.memcached4j.ProtocolException;
import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.Request.RetrievalCommand;
import io.memcached4j.core.codec.ResponseDecoder;

import java.nio.ByteBuffer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A reply that names a key or carries an opaque token is checked against its request: one that
 * is not this request's is a {@link ProtocolException} (a desync), whole or fed a byte at a time,
 * and never a value.
 */
class ReplyCorrelationDecodeTest {
    private final ProtocolCodec codec = new TextProtocolCodecProvider().create(Golden.ITEM_SIZE_LIMIT);

    /** A reply that does not answer its request. */
    record Case(String name, Request<?> request, String wire) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Request.Meta meta(MetaRequest request, String opaque) {
        return new Request.Meta(request, opaque);
    }

    static Stream<Case> strangers() {
        Request<?> victim = Golden.get(RetrievalCommand.GET, 0, "victim");
        Request<?> abc = Golden.get(RetrievalCommand.GETS, 0, "a", "b", "c");
        Request<?> getAll = Golden.getAll("a", "b", "c");
        Request<?> mg = meta(MetaRequest.get("foo").value().build(), "7");
        return Stream.of(
                new Case("get: another key", victim, "VALUE someone-else 0 5\r\nhello\r\nEND\r\n"),
                new Case("get: another key, then its own", victim, "VALUE x 0 1\r\nx\r\nVALUE victim 0 1\r\nv\r\nEND\r\n"),
                new Case("get: its key twice", victim, "VALUE victim 0 1\r\nv\r\nVALUE victim 0 1\r\nv\r\nEND\r\n"),
                new Case("get: a UTF-8 key not asked", Golden.get(RetrievalCommand.GET, 0, "foo"),
                        "VALUE café 0 1\r\nx\r\nEND\r\n"),
                new Case("get: a key that is a prefix", victim, "VALUE vict 0 1\r\nv\r\nEND\r\n"),
                new Case("multi-get: a key never asked", abc, "VALUE a 0 1 1\r\nx\r\nVALUE d 0 1 2\r\ny\r\nEND\r\n"),
                new Case("multi-get: out of order", abc, "VALUE c 0 1 1\r\nx\r\nVALUE a 0 1 2\r\ny\r\nEND\r\n"),
                new Case("multi-get: a key twice", abc, "VALUE b 0 1 1\r\nx\r\nVALUE b 0 1 1\r\nx\r\nEND\r\n"),
                new Case("getAll: a key never asked", getAll, "VALUE a 0 1\r\nx\r\nVALUE d 0 1\r\ny\r\nEND\r\n"),
                new Case("getAll: out of order", getAll, "VALUE c 0 1\r\nx\r\nVALUE a 0 1\r\ny\r\nEND\r\n"),
                new Case("getAll: a key twice", getAll, "VALUE b 0 1\r\nx\r\nVALUE b 0 1\r\nx\r\nEND\r\n"),
                new Case("getAll: a key that is a prefix", Golden.getAll("victim"), "VALUE vict 0 1\r\nv\r\nEND\r\n"),
                new Case("getAll: a UTF-8 key not asked", Golden.getAll("cafe"), "VALUE café 0 1\r\nx\r\nEND\r\n"),
                new Case("mg: another opaque", mg, "VA 3 O8\r\nbar\r\n"),
                new Case("mg: a hit without the opaque", mg, "VA 3\r\nbar\r\n"),
                new Case("mg: a header without the opaque", mg, "HD\r\n"),
                new Case("mg: two opaques", mg, "HD O7 O7\r\n"),
                new Case("mg: a miss for another opaque", mg, "EN O70\r\n"),
                new Case("mg: another key", meta(MetaRequest.get("foo").key().build(), "7"), "HD O7 kbar\r\n"),
                new Case("mg: an opaque never sent", Golden.meta(MetaRequest.get("foo").build()), "HD O5\r\n"),
                new Case("mg: another opaque than the request's own", Golden.meta(MetaRequest.get("foo").opaque("op")
                        .build()), "HD Oother\r\n"),
                new Case("mg quiet: another opaque", meta(MetaRequest.get("foo").value().quiet().build(), "7"),
                        "VA 1 O9\r\nx\r\nMN\r\n"),
                new Case("md quiet: another opaque", meta(MetaRequest.delete("foo").quiet().build(), "1"),
                        "NF O2\r\nMN\r\n"),
                new Case("ms: another opaque", meta(MetaRequest.set("foo", Golden.utf8("x")).build(), "s1"), "HD Os2\r\n"),
                new Case("ma: another key", meta(MetaRequest.arithmetic("n").key().build(), "3"), "HD O3 km\r\n"),
                new Case("me: another key", Golden.meta(MetaRequest.debug("foo").build()),
                        "ME bar exp=-1 la=0 cas=1 fetch=no cls=1 size=63\r\n"));
    }

    @ParameterizedTest
    @MethodSource("strangers")
    void isADesyncWhole(Case c) {
        ResponseDecoder decoder = codec.newDecoder();
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> decoder.decode(c.request(), ByteBuffer.wrap(Golden.utf8(c.wire()))));
        assertTrue(e.getMessage().contains("not the reply to this request"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("strangers")
    void isADesyncFedOneByteAtATime(Case c) {
        ResponseDecoder decoder = codec.newDecoder();
        byte[] bytes = Golden.utf8(c.wire());
        ProtocolException failure = null;
        for (int i = 0; i < bytes.length && failure == null; i++) {
            try {
                Object value = decoder.decode(c.request(), ByteBuffer.wrap(bytes, i, 1));
                assertTrue(value == ResponseDecoder.NEED_MORE, () -> c + " gave a value: " + value);
            } catch (ProtocolException e) {
                failure = e;
            }
        }
        assertNotNull(failure, c + " was accepted");
    }
}
