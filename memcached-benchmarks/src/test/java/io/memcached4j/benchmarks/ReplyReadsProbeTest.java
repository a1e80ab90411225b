package io.memcached4j.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe's request shapes, and when each takes its reply for whole. */
class ReplyReadsProbeTest {
    private static final String HITS = "VALUE a 0 1\r\nx\r\nVALUE b 0 1\r\ny\r\nEND\r\n";

    private final Map<String, ReplyReadsProbe.Shape> shapes = ReplyReadsProbe.shapes(List.of("a", "b")).stream()
            .collect(Collectors.toMap(ReplyReadsProbe.Shape::name, Function.identity()));

    private String request(String shape) {
        return new String(shapes.get(shape).request(), java.nio.charset.StandardCharsets.US_ASCII);
    }

    private boolean whole(String shape, String reply) {
        return shapes.get(shape).whole().test(reply);
    }

    @Test
    void eachShapeIsOneWriteOfItsCommands() {
        assertEquals("get a b\r\n", request("get of 2 keys"));
        assertEquals("get a b\r\nmn\r\n", request("get of 2 keys, then mn"));
        assertEquals("mn\r\nget a b\r\n", request("mn, then get of 2 keys"));
        assertEquals("get a b\r\nversion\r\n", request("get of 2 keys, then version"));
        assertEquals("mg a v q O0\r\nmg b v q O1\r\nmn\r\n", request("2 quiet mg, then mn"));
        assertEquals("mg a v O0\r\nmg b v O1\r\n", request("2 mg"));
    }

    @Test
    void aReplyIsWholeOnlyWithItsLastCommandsAnswer() {
        assertTrue(whole("get of 2 keys", HITS));
        assertFalse(whole("get of 2 keys", "VALUE a 0 1\r\nx\r\n"));
        assertFalse(whole("get of 2 keys, then mn", HITS), "the MN is still to come");
        assertTrue(whole("get of 2 keys, then mn", HITS + "MN\r\n"));
        assertFalse(whole("mn, then get of 2 keys", "MN\r\n"));
        assertTrue(whole("mn, then get of 2 keys", "MN\r\n" + HITS));
        assertFalse(whole("get of 2 keys, then version", HITS + "VERSION 1.6"));
        assertTrue(whole("get of 2 keys, then version", HITS + "VERSION 1.6.18\r\n"));
        assertTrue(whole("2 quiet mg, then mn", "VA 1 O0\r\nx\r\nMN\r\n"));
        assertFalse(whole("2 mg", "VA 1 O0\r\nx\r\n"));
        assertTrue(whole("2 mg", "VA 1 O0\r\nx\r\nVA 1 O1\r\ny\r\n"));
    }

    @Test
    void countsSeparateOccurrences() {
        assertEquals(2, ReplyReadsProbe.count("VA 1\r\nVA 2\r\n", "VA "));
        assertEquals(0, ReplyReadsProbe.count("END\r\n", "VA "));
    }
}
