package io.memcached4j.protocol.text.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.memcached4j.Keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

class AsciiBytesTest {
    private static final long[] EDGES = {0, 1, 9, 10, 99, 100, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L,
        Long.MAX_VALUE, Long.MIN_VALUE, -1, -2, -10, -8_446_744_073_709_551_616L, -8_446_744_073_709_551_617L};

    @Test
    void writesAndParsesUnsignedNumbers() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long value = i < EDGES.length ? EDGES[i] : random.nextLong() >>> random.nextInt(64);
            String expected = Long.toUnsignedString(value);
            ByteBuffer out = ByteBuffer.allocate(AsciiBytes.MAX_DECIMAL_LENGTH);
            AsciiBytes.putUnsignedDecimal(out, value);
            assertEquals(expected, new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII));
            assertEquals(expected.length(), AsciiBytes.unsignedDecimalLength(value), expected);
            assertEquals(value, AsciiBytes.parseUnsignedDecimal(out.array(), 0, out.position()));
        }
    }

    @Test
    void writesAndParsesSignedNumbers() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long value = i < EDGES.length ? EDGES[i] : random.nextLong() >> random.nextInt(64);
            String expected = Long.toString(value);
            ByteBuffer out = ByteBuffer.allocate(AsciiBytes.MAX_DECIMAL_LENGTH);
            AsciiBytes.putDecimal(out, value);
            assertEquals(expected, new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII));
            assertEquals(expected.length(), AsciiBytes.decimalLength(value), expected);
            assertEquals(value, AsciiBytes.parseDecimal(out.array(), 0, out.position()));
        }
    }

    @Test
    void parsesLeadingZerosOnBothSidesOfTheFastPath() {
        for (String digits : new String[] {"007", "000000000000000042", "0000000000000000042",
            "00018446744073709551615"}) {
            byte[] b = digits.getBytes(StandardCharsets.US_ASCII);
            assertEquals(Long.parseUnsignedLong(digits), AsciiBytes.parseUnsignedDecimal(b, 0, b.length), digits);
        }
    }

    @Test
    void rejectsBadNumbers() {
        for (String bad : new String[] {"", "-", "+1", "1 ", "a", "1/", "9:", "12a4",
            "18446744073709551616", "99999999999999999999", "0000000000000000000x"}) {
            byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
            assertThrows(NumberFormatException.class, () -> AsciiBytes.parseUnsignedDecimal(b, 0, b.length), bad);
        }
        for (String bad : new String[] {"9223372036854775808", "-9223372036854775809", "--1", "-"}) {
            byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
            assertThrows(NumberFormatException.class, () -> AsciiBytes.parseDecimal(b, 0, b.length), bad);
        }
    }

    @Test
    void writesUtf8LikeTheJdkInTheLengthTheApiCounts() {
        for (String s : new String[] {"", "abc", "café", "日本", "\uD83D\uDE00x", "a\uD800b", "\uDC00"}) {
            byte[] expected = s.getBytes(StandardCharsets.UTF_8);
            assertEquals(expected.length, Keys.utf8Length(s), s);
            ByteBuffer out = ByteBuffer.allocate(expected.length);
            AsciiBytes.putUtf8(out, s);
            assertArrayEquals(expected, out.array(), s);
        }
    }

    @Test
    void findsLineFeedsInHeapAndDirectBuffers() {
        byte[] bytes = "xxab\r\ncd".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer heap = ByteBuffer.wrap(bytes, 2, 6).slice();
        assertEquals(3, AsciiBytes.indexOfLineFeed(heap));
        ByteBuffer direct = ByteBuffer.allocateDirect(8).put(bytes).flip().position(2);
        assertEquals(5, AsciiBytes.indexOfLineFeed(direct));
        assertEquals(-1, AsciiBytes.indexOfLineFeed(direct.position(6)));
    }

    @Test
    void comparesAsciiText() {
        byte[] line = "VALUE k".getBytes(StandardCharsets.US_ASCII);
        assertEquals(true, AsciiBytes.startsWith(line, 0, line.length, "VALUE "));
        assertEquals(false, AsciiBytes.startsWith(line, 0, 3, "VALUE "));
        assertEquals(true, AsciiBytes.equalsAscii(line, 6, 7, "k"));
        assertEquals(5, AsciiBytes.indexOf(line, 0, line.length, (byte) ' '));
    }
}
