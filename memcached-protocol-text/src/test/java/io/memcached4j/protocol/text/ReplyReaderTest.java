package io.memcached4j.protocol.text;

import io.memcached4j.ProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplyReaderTest {
    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A line wholly in a heap buffer is read in place: a slice's array offset is honoured. */
    @Test
    void aWholeLineIsReadInPlaceFromASliceOfAnArray() {
        ByteBuffer backing = ascii("junk|VALUE k1 42 7\r\nEND\r\n");
        backing.position(5);
        ByteBuffer in = backing.slice();
        ReplyReader reader = new ReplyReader(1024);
        assertTrue(reader.readLine(in));
        assertTrue(reader.startsWith("VALUE "));
        assertEquals(13, reader.length());
        assertTrue(reader.isWordAt("k1", 6));
        int flagsEnd = reader.tokenEnd(9);
        assertEquals(11, flagsEnd);
        assertEquals(42, reader.number(9, flagsEnd));
        assertEquals(7, reader.number(12, reader.tokenEnd(12)));
        assertEquals("VALUE k1 42 7", reader.text());
        assertEquals('V', reader.at(0));
        reader.lineDone();
        assertTrue(reader.readLine(in));
        assertTrue(reader.is("END"));
        assertFalse(in.hasRemaining());
    }

    /** A line that arrives in pieces is assembled; the next whole line is read in place again. */
    @Test
    void aLineInPiecesIsAssembledThenTheNextIsReadInPlace() {
        ReplyReader reader = new ReplyReader(1024);
        assertFalse(reader.readLine(ascii("VALUE ab")));
        assertFalse(reader.readLine(ascii("c 0 ")));
        ByteBuffer rest = ascii("5\r\nSTORED\r\n");
        assertTrue(reader.readLine(rest));
        assertEquals("VALUE abc 0 5", reader.text());
        assertTrue(reader.isWordAt("abc", 6));
        reader.lineDone();
        assertTrue(reader.readLine(rest));
        assertTrue(reader.is("STORED"));
        assertEquals("\"STORED\"", reader.quoteLine());
    }

    @Test
    void aTooLongLineIsRefusedWhetherWholeOrInPieces() {
        String longLine = "VALUE " + "k".repeat(ReplyReader.MAX_LINE) + " 0 1\r\n";
        ProtocolException whole = assertThrows(ProtocolException.class, () -> new ReplyReader(1024).readLine(ascii(longLine)));
        assertTrue(whole.getMessage().startsWith("reply line longer than 8192 bytes: \"VALUE kkk"), whole.getMessage());
        ReplyReader pieces = new ReplyReader(1024);
        assertFalse(pieces.readLine(ascii(longLine.substring(0, 5000))));
        assertThrows(ProtocolException.class, () -> pieces.readLine(ascii(longLine.substring(5000))));
    }
}
