package io.memcached4j.enumeration;

import io.memcached4j.KeyInfo;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Parses the lines of {@code lru_crawler metadump}, such as
 * {@code key=user%3A1 exp=-1 la=1795611817 cas=11 fetch=no cls=1 size=65}.
 *
 * <p>{@code key}, {@code exp} and {@code la} are required; {@code cas}, {@code fetch}, {@code cls}
 * and {@code size} default to 0/false when absent; unknown fields are ignored, and so are words
 * without {@code =}; a field given twice keeps its last value. The key is URI-decoded and read as
 * UTF-8 (bytes that are not UTF-8 become U+FFFD). {@code exp=-1} means the item never expires, any
 * other {@code exp} and {@code la} are absolute Unix times. Numbers follow {@link Long#parseLong}
 * ({@link Long#parseUnsignedLong} for {@code cas}).
 *
 * <p>An enumeration parses millions of lines, so the line is read in one walk over its chars:
 * field names are compared in place and numbers accumulated in place, and the only strings made
 * are the key (the line's substring itself when it has no {@code %}) and error messages.
 *
 * <p>Public only so that the JMH benchmark in {@code memcached-benchmarks} can call it from the class
 * path: the module does not export this package, so on the module path it stays internal.
 */
public final class MetadumpParser {
    private static final long MAX_EPOCH_SECOND = Instant.MAX.getEpochSecond();
    /** The largest unsigned long that can be multiplied by 10 without overflowing 64 bits. */
    private static final long UNSIGNED_MAX_TENTH = Long.divideUnsigned(-1L, 10);

    private MetadumpParser() {
    }

    /**
     * Parses one line.
     *
     * @param line the line without its line terminator; not {@code END}
     * @param server the server the line came from
     * @return the key's metadata
     * @throws ProtocolException when the line is malformed, quoting it
     */
    public static KeyInfo parse(String line, ServerAddress server) {
        String key = null;
        long exp = 0;
        boolean hasExp = false;
        long la = 0;
        boolean hasLa = false;
        long cas = 0;
        boolean fetched = false;
        int slabClass = 0;
        int size = 0;
        int length = line.length();
        int at = 0;
        while (at < length) {
            int end = line.indexOf(' ', at);
            if (end < 0) {
                end = length;
            }
            // a field is known when its word starts with its name and '='; other words are tolerated
            switch (line.charAt(at)) {
                case 'k' -> {
                    if (line.startsWith("key=", at)) {
                        key = key(line, at + 4, end);
                    }
                }
                case 'e' -> {
                    if (line.startsWith("exp=", at)) {
                        exp = number(line, at + 4, end, -1, MAX_EPOCH_SECOND);
                        hasExp = true;
                    }
                }
                case 'l' -> {
                    if (line.startsWith("la=", at)) {
                        la = number(line, at + 3, end, 0, MAX_EPOCH_SECOND);
                        hasLa = true;
                    }
                }
                case 'c' -> {
                    if (line.startsWith("cas=", at)) {
                        cas = unsigned(line, at + 4, end);
                    } else if (line.startsWith("cls=", at)) {
                        slabClass = (int) number(line, at + 4, end, 0, Integer.MAX_VALUE);
                    }
                }
                case 'f' -> {
                    if (line.startsWith("fetch=", at)) {
                        fetched = yesNo(line, at + 6, end);
                    }
                }
                case 's' -> {
                    if (line.startsWith("size=", at)) {
                        size = (int) number(line, at + 5, end, 0, Integer.MAX_VALUE);
                    }
                }
                default -> {
                    // a field of a newer memcached, or a word without '='
                }
            }
            at = end + 1;
        }
        if (key == null || key.isEmpty() || !hasExp || !hasLa) {
            throw malformed(line, key == null || key.isEmpty() ? "no key" : !hasExp ? "no exp" : "no la");
        }
        Instant expiration = exp == -1 ? null : Instant.ofEpochSecond(exp);
        return KeyInfo.of(key, expiration, Instant.ofEpochSecond(la), cas, fetched, slabClass, size, server);
    }

    /** Parses {@code line[from, to)} as {@link Long#parseLong} does, then checks the range. */
    private static long number(String line, int from, int to, long min, long max) {
        int i = from;
        boolean negative = false;
        if (i < to && (line.charAt(i) == '-' || line.charAt(i) == '+')) {
            negative = line.charAt(i) == '-';
            i++;
        }
        if (i == to) {
            throw badNumber(line, from, to);
        }
        // accumulated negatively, as the negative range is the larger one
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long limitTenth = limit / 10;
        long result = 0;
        for (; i < to; i++) {
            int digit = digit(line.charAt(i), 10);
            if (digit < 0 || result < limitTenth) {
                throw badNumber(line, from, to);
            }
            result *= 10;
            if (result < limit + digit) {
                throw badNumber(line, from, to);
            }
            result -= digit;
        }
        long n = negative ? result : -result;
        if (n < min || n > max) {
            throw malformed(line, "number out of range \"" + line.substring(from, to) + "\"");
        }
        return n;
    }

    /** Parses {@code line[from, to)} as {@link Long#parseUnsignedLong} does. */
    private static long unsigned(String line, int from, int to) {
        int i = from < to && line.charAt(from) == '+' ? from + 1 : from;
        if (i == to) {
            throw badNumber(line, from, to);
        }
        long result = 0;
        for (; i < to; i++) {
            int digit = digit(line.charAt(i), 10);
            if (digit < 0 || Long.compareUnsigned(result, UNSIGNED_MAX_TENTH) > 0) {
                throw badNumber(line, from, to);
            }
            long tenfold = result * 10;
            result = tenfold + digit;
            if (Long.compareUnsigned(result, tenfold) < 0) {
                throw badNumber(line, from, to);
            }
        }
        return result;
    }

    /** {@link Character#digit(char, int)}, without its table lookups for ASCII. */
    private static int digit(char c, int radix) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        if (radix == 16 && lower >= 'a' && lower <= 'f') {
            return lower - 'a' + 10;
        }
        return c < 0x80 ? -1 : Character.digit(c, radix);
    }

    private static boolean yesNo(String line, int from, int to) {
        if (to - from == 3 && line.startsWith("yes", from)) {
            return true;
        } else if (to - from == 2 && line.startsWith("no", from)) {
            return false;
        }
        throw malformed(line, "fetch is neither yes nor no");
    }

    /**
     * The key {@code line[from, to)}: its {@code %XX} escapes decoded into bytes, with the other
     * chars in UTF-8, then the bytes read as UTF-8.
     */
    private static String key(String line, int from, int to) {
        int percent = line.indexOf('%', from);
        if (percent < 0 || percent >= to) {
            return line.substring(from, to);
        }
        // an escape shrinks 3 chars into 1 byte, so the chars fit if they are all ASCII
        byte[] bytes = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            if (c == '%') {
                int high = i + 2 < to ? digit(line.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : digit(line.charAt(i + 2), 16);
                if (low < 0) {
                    throw malformed(line, "bad %-escape at index " + (i - from) + " of the key");
                }
                bytes[n++] = (byte) (high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else { // memcached escapes these, but a raw one is still readable
                if (bytes.length < 3 * (to - from)) {
                    bytes = Arrays.copyOf(bytes, 3 * (to - from)); // a char takes 3 bytes of UTF-8 at most
                }
                if (c < 0x800) {
                    bytes[n++] = (byte) (0xc0 | c >> 6);
                    bytes[n++] = (byte) (0x80 | c & 0x3f);
                } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(line.charAt(i + 1))) {
                    int codePoint = Character.toCodePoint(c, line.charAt(++i));
                    bytes[n++] = (byte) (0xf0 | codePoint >> 18);
                    bytes[n++] = (byte) (0x80 | codePoint >> 12 & 0x3f);
                    bytes[n++] = (byte) (0x80 | codePoint >> 6 & 0x3f);
                    bytes[n++] = (byte) (0x80 | codePoint & 0x3f);
                } else if (Character.isSurrogate(c)) {
                    bytes[n++] = '?'; // an unpaired surrogate, encoded as String.getBytes(UTF_8) does
                } else {
                    bytes[n++] = (byte) (0xe0 | c >> 12);
                    bytes[n++] = (byte) (0x80 | c >> 6 & 0x3f);
                    bytes[n++] = (byte) (0x80 | c & 0x3f);
                }
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    private static ProtocolException badNumber(String line, int from, int to) {
        return malformed(line, "bad number \"" + line.substring(from, to) + "\"");
    }

    private static ProtocolException malformed(String line, String why) {
        String shown = line.length() > 300 ? line.substring(0, 300) + "..." : line;
        return new ProtocolException("malformed metadump line (" + why + "): \"" + shown + "\"");
    }
}
