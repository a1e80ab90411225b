package io.memcached4j.protocol.text;

import io.memcached4j.KeyInfo;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Parses the lines of {@code lru_crawler metadump}, such as
 * {@code key=user%3A1 exp=-1 la=1795611817 cas=11 fetch=no cls=1 size=65}.
 *
 * <p>{@code key}, {@code exp} and {@code la} are required; {@code cas}, {@code fetch}, {@code cls}
 * and {@code size} default to 0/false when absent; unknown fields are ignored. The key is
 * URI-decoded and read as UTF-8 (bytes that are not UTF-8 become U+FFFD). {@code exp=-1} means
 * the item never expires, any other {@code exp} and {@code la} are absolute Unix times.
 */
final class MetadumpParser {
    private MetadumpParser() {
    }

    static KeyInfo parse(String line, ServerAddress server) {
        String key = null;
        Long exp = null;
        Long la = null;
        long cas = 0;
        boolean fetched = false;
        int slabClass = 0;
        int size = 0;
        int at = 0;
        int length = line.length();
        while (at < length) {
            int end = line.indexOf(' ', at);
            if (end < 0) {
                end = length;
            }
            int eq = line.indexOf('=', at);
            if (eq > at && eq < end) {
                String name = line.substring(at, eq);
                String value = line.substring(eq + 1, end);
                switch (name) {
                    case "key" -> key = percentDecode(value, line);
                    case "exp" -> exp = number(value, line, -1, Instant.MAX.getEpochSecond());
                    case "la" -> la = number(value, line, 0, Instant.MAX.getEpochSecond());
                    case "cas" -> cas = unsigned(value, line);
                    case "fetch" -> fetched = yesNo(value, line);
                    case "cls" -> slabClass = (int) number(value, line, 0, Integer.MAX_VALUE);
                    case "size" -> size = (int) number(value, line, 0, Integer.MAX_VALUE);
                    default -> {
                        // a field of a newer memcached: tolerated
                    }
                }
            }
            at = end + 1;
        }
        if (key == null || key.isEmpty() || exp == null || la == null) {
            throw malformed(line, key == null || key.isEmpty() ? "no key" : exp == null ? "no exp" : "no la");
        }
        Optional<Instant> expiration = exp == -1 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(exp));
        return new KeyInfo(key, expiration, Instant.ofEpochSecond(la), cas, fetched, slabClass, size, server);
    }

    private static long number(String value, String line, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw malformed(line, "bad number \"" + value + "\"");
        }
        if (n < min || n > max) {
            throw malformed(line, "number out of range \"" + value + "\"");
        }
        return n;
    }

    private static long unsigned(String value, String line) {
        try {
            return Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            throw malformed(line, "bad number \"" + value + "\"");
        }
    }

    private static boolean yesNo(String value, String line) {
        if (value.equals("yes")) {
            return true;
        } else if (value.equals("no")) {
            return false;
        }
        throw malformed(line, "fetch is neither yes nor no");
    }

    /** Decodes {@code %XX} escapes into bytes, then reads the bytes as UTF-8. */
    static String percentDecode(String value, String line) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(value.charAt(i + 2), 16);
                if (low < 0) {
                    throw malformed(line, "bad %-escape at index " + i + " of the key");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else { // memcached escapes these, but a raw one is still readable
                int codePoint = value.codePointAt(i);
                byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static ProtocolException malformed(String line, String why) {
        String shown = line.length() > 300 ? line.substring(0, 300) + "..." : line;
        return new ProtocolException("malformed metadump line (" + why + "): \"" + shown + "\"");
    }
}
