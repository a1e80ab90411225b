package io.memcached4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplyParserTest {
    private static final byte[] REPLY = ascii("VALUE a 0 3\r\nabc\r\nVALUE bb 5 0\r\n\r\nEND\r\n");

    private final ReplyParser parser = new ReplyParser();
    private final Map<String, byte[]> found = new HashMap<>();

    @Test
    void multiGetTakesEveryValueAndEndsPastEnd() throws IOException {
        assertEquals(REPLY.length, parser.multiGet(REPLY, 0, REPLY.length, found));
        assertEquals(Set.of("a", "bb"), found.keySet());
        assertArrayEquals(ascii("abc"), found.get("a"));
        assertArrayEquals(new byte[0], found.get("bb"));
    }

    @Test
    void multiGetOfAPartReplyTakesTheWholeBlocksAndSaysWhereTheRestBegins() throws IOException {
        int secondBlock = "VALUE a 0 3\r\nabc\r\n".length();
        int endLine = REPLY.length - "END\r\n".length();
        for (int limit = secondBlock; limit < REPLY.length; limit++) {
            found.clear();
            int expected = limit < endLine ? secondBlock : endLine;
            assertEquals(expected, ~parser.multiGet(REPLY, 0, limit, found), "limit " + limit);
            assertEquals(limit < endLine ? Set.of("a") : Set.of("a", "bb"), found.keySet(), "limit " + limit);
        }
        found.clear();
        assertEquals(0, ~parser.multiGet(REPLY, 0, secondBlock - 1, found));
        assertTrue(found.isEmpty());
    }

    @Test
    void multiGetRefusesWhatIsNeitherValueNorEnd() {
        byte[] reply = ascii("VALUE a 0 1\r\nx\r\nSERVER_ERROR out of memory\r\n");
        IOException e = assertThrows(IOException.class, () -> parser.multiGet(reply, 0, reply.length, found));
        assertEquals("VALUE or END expected, got: SERVER_ERROR out of memory\r\n", e.getMessage());
    }

    @Test
    void metaValueChecksTheOpaqueToken() throws IOException {
        byte[] reply = ascii("VA 2 O7\r\nhi\r\n");
        int lineEnd = ReplyParser.indexOfCr(reply, 0, reply.length);
        assertTrue(parser.metaValue(reply, 0, lineEnd, reply.length, 7));
        assertArrayEquals(ascii("hi"), parser.data(reply));
        assertEquals(reply.length, parser.blockEnd);
        IOException e = assertThrows(IOException.class, () -> parser.metaValue(reply, 0, lineEnd, reply.length, 8));
        assertTrue(e.getMessage().startsWith("O8 expected"), e.getMessage());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
