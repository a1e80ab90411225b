package io.memcached4j.protocol.text.wire;

import java.nio.ByteBuffer;

/**
 * Byte-level helpers of the text protocol, shared by the client codec and the server side:
 * decimal numbers written into and parsed from bytes without allocating, UTF-8 writes without
 * encoding to a temporary array (their length is {@link io.memcached4j.Keys#utf8Length}), and byte
 * comparisons and searches in lines.
 *
 * <p>Not part of the public API: this package is not exported by the module.
 */
public final class AsciiBytes {
    /** The longest decimal form of a signed or unsigned 64-bit number, in bytes. */
    public static final int MAX_DECIMAL_LENGTH = 20;

    /** Up to this many digits (below 10^18) a {@code long} cannot overflow: no checks needed. */
    private static final int MAX_SAFE_DIGITS = 18;

    private static final long UNSIGNED_LIMIT_DIV_10 = Long.divideUnsigned(-1L, 10);

    private AsciiBytes() {
    }

    /**
     * Returns the number of bytes of the decimal form of an unsigned 64-bit number.
     *
     * @param value the number, read as unsigned
     * @return 1 to 20
     */
    public static int unsignedDecimalLength(long value) {
        if (value < 0) {
            return value >= -8_446_744_073_709_551_616L ? 20 : 19; // 2^64-1 has 20 digits, 2^63 has 19
        }
        long bound = 10;
        for (int digits = 1; digits < 19; digits++) {
            if (value < bound) {
                return digits;
            }
            bound *= 10;
        }
        return 19;
    }

    /**
     * Returns the number of bytes of the decimal form of a signed 64-bit number, minus sign included.
     *
     * @param value the number
     * @return 1 to 20
     */
    public static int decimalLength(long value) {
        if (value >= 0) {
            return unsignedDecimalLength(value);
        }
        return value == Long.MIN_VALUE ? 20 : 1 + unsignedDecimalLength(-value);
    }

    /**
     * Writes the decimal form of an unsigned 64-bit number, digit by digit.
     *
     * @param out the buffer, with at least {@link #unsignedDecimalLength} bytes free
     * @param value the number, read as unsigned
     */
    public static void putUnsignedDecimal(ByteBuffer out, long value) {
        int length = unsignedDecimalLength(value);
        int start = out.position();
        int at = start + length - 1;
        long rest = value;
        if (rest < 0) {
            long quotient = Long.divideUnsigned(rest, 10);
            out.put(at--, (byte) ('0' + (rest - quotient * 10)));
            rest = quotient;
        }
        do {
            out.put(at--, (byte) ('0' + rest % 10));
            rest /= 10;
        } while (rest != 0);
        out.position(start + length);
    }

    /**
     * Writes the decimal form of a signed 64-bit number, digit by digit.
     *
     * @param out the buffer, with at least {@link #decimalLength} bytes free
     * @param value the number
     */
    public static void putDecimal(ByteBuffer out, long value) {
        if (value >= 0) {
            putUnsignedDecimal(out, value);
        } else if (value == Long.MIN_VALUE) {
            out.put((byte) '-');
            putUnsignedDecimal(out, value);
        } else {
            out.put((byte) '-');
            putUnsignedDecimal(out, -value);
        }
    }

    /**
     * Parses an unsigned decimal 64-bit number: digits only, no sign, at least one.
     *
     * @param bytes the bytes
     * @param from the first index
     * @param to the index after the last
     * @return the number, to be read as unsigned
     * @throws NumberFormatException when the range is empty, holds a non-digit or overflows 2^64-1
     */
    public static long parseUnsignedDecimal(byte[] bytes, int from, int to) {
        if (from >= to) {
            throw new NumberFormatException("empty number");
        }
        if (to - from <= MAX_SAFE_DIGITS) {
            long result = 0;
            for (int i = from; i < to; i++) {
                int digit = bytes[i] - '0';
                if (digit < 0 || digit > 9) {
                    throw notADigit(bytes[i]);
                }
                result = result * 10 + digit;
            }
            return result;
        }
        long result = 0;
        for (int i = from; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                throw notADigit(bytes[i]);
            }
            if (Long.compareUnsigned(result, UNSIGNED_LIMIT_DIV_10) > 0) {
                throw new NumberFormatException("number exceeds 2^64-1");
            }
            long next = result * 10 + digit;
            if (Long.compareUnsigned(next, result * 10) < 0) {
                throw new NumberFormatException("number exceeds 2^64-1");
            }
            result = next;
        }
        return result;
    }

    private static NumberFormatException notADigit(byte b) {
        return new NumberFormatException("not a digit: 0x" + Integer.toHexString(b & 0xff));
    }

    /**
     * Parses a signed decimal number that fits a {@code long}: an optional {@code -}, then digits.
     *
     * @param bytes the bytes
     * @param from the first index
     * @param to the index after the last
     * @return the number
     * @throws NumberFormatException when malformed or out of range
     */
    public static long parseDecimal(byte[] bytes, int from, int to) {
        boolean negative = from < to && bytes[from] == '-';
        long magnitude = parseUnsignedDecimal(bytes, negative ? from + 1 : from, to);
        if (negative) {
            if (Long.compareUnsigned(magnitude, Long.MIN_VALUE) > 0) {
                throw new NumberFormatException("number below -2^63");
            }
            return -magnitude;
        }
        if (magnitude < 0) {
            throw new NumberFormatException("number above 2^63-1");
        }
        return magnitude;
    }

    /**
     * Writes a string as UTF-8 without a temporary array; an unpaired surrogate is written as
     * {@code ?}, as the JDK's encoder does.
     *
     * @param out the buffer, with at least {@link io.memcached4j.Keys#utf8Length} bytes free
     * @param s the string
     */
    public static void putUtf8(ByteBuffer out, String s) {
        int length = s.length();
        for (int i = 0; i < length; i++) {
            int c = s.charAt(i);
            if (c < 0x80) {
                out.put((byte) c);
            } else if (c < 0x800) {
                out.put((byte) (0xc0 | (c >> 6)));
                out.put((byte) (0x80 | (c & 0x3f)));
            } else {
                if (Character.isSurrogate((char) c)) {
                    if (Character.isHighSurrogate((char) c) && i + 1 < length
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        int cp = Character.toCodePoint((char) c, s.charAt(++i));
                        out.put((byte) (0xf0 | (cp >> 18)));
                        out.put((byte) (0x80 | ((cp >> 12) & 0x3f)));
                        out.put((byte) (0x80 | ((cp >> 6) & 0x3f)));
                        out.put((byte) (0x80 | (cp & 0x3f)));
                        continue;
                    }
                    out.put((byte) '?');
                    continue;
                }
                out.put((byte) (0xe0 | (c >> 12)));
                out.put((byte) (0x80 | ((c >> 6) & 0x3f)));
                out.put((byte) (0x80 | (c & 0x3f)));
            }
        }
    }

    /**
     * Writes a string made of ASCII characters, one byte per char (higher bits are dropped).
     *
     * @param out the buffer, with at least {@code s.length()} bytes free
     * @param s the string
     */
    public static void putAscii(ByteBuffer out, String s) {
        for (int i = 0; i < s.length(); i++) {
            out.put((byte) s.charAt(i));
        }
    }

    /**
     * Finds the next line feed in a buffer's remaining bytes, without moving its position.
     *
     * @param in a buffer in read mode
     * @return the absolute index of the {@code \n}, or -1 when there is none
     */
    public static int indexOfLineFeed(ByteBuffer in) {
        int limit = in.limit();
        if (in.hasArray()) {
            byte[] array = in.array();
            int offset = in.arrayOffset();
            for (int i = in.position() + offset, end = limit + offset; i < end; i++) {
                if (array[i] == '\n') {
                    return i - offset;
                }
            }
            return -1;
        }
        for (int i = in.position(); i < limit; i++) {
            if (in.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Finds a byte in a range.
     *
     * @param bytes the bytes
     * @param from the first index
     * @param to the index after the last
     * @param value the byte
     * @return its first index in the range, or -1
     */
    public static int indexOf(byte[] bytes, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Tells whether a range starts with an ASCII text.
     *
     * @param bytes the bytes
     * @param from the first index
     * @param to the index after the last
     * @param prefix the ASCII prefix
     * @return true when the range starts with it
     */
    public static boolean startsWith(byte[] bytes, int from, int to, String prefix) {
        int n = prefix.length();
        if (to - from < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (bytes[from + i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells whether a range holds exactly an ASCII text.
     *
     * @param bytes the bytes
     * @param from the first index
     * @param to the index after the last
     * @param text the ASCII text
     * @return true when equal
     */
    public static boolean equalsAscii(byte[] bytes, int from, int to, String text) {
        return to - from == text.length() && startsWith(bytes, from, to, text);
    }
}
