package io.memcached4j.protocol.text.server;

/**
 * Number parsing exactly as memcached's {@code safe_strtoul}, {@code safe_strtol} and
 * {@code safe_strtoull} do it on a 64-bit Linux build: leading white space and a sign are
 * accepted, the number must end the token (or be followed by white space), out-of-range values
 * are rejected, and 32-bit results are truncated the way C truncates them.
 */
public final class MemcachedNumbers {
    private static final long MAX_BEFORE_TIMES_TEN = Long.divideUnsigned(-1L, 10);

    private MemcachedNumbers() {
    }

    /**
     * Parses like {@code safe_strtoull}: an unsigned 64-bit number.
     *
     * @param token the token text (Latin-1 characters standing for bytes)
     * @return the value as a signed long holding the unsigned bits, or {@code null} when memcached rejects it
     */
    public static Long parseUnsigned64(String token) {
        return parseUnsigned(token);
    }

    /**
     * Parses like {@code safe_strtoul} into a {@code uint32_t}: the 64-bit result is truncated.
     *
     * @param token the token text
     * @return the unsigned 32-bit value in a long, or {@code null} when memcached rejects it
     */
    public static Long parseUnsigned32(String token) {
        Long value = parseUnsigned(token);
        return value == null ? null : value & 0xFFFF_FFFFL;
    }

    /**
     * Parses like {@code safe_strtol} into an {@code int32_t}: a signed 64-bit {@code strtol}
     * whose result is truncated to 32 bits.
     *
     * @param token the token text
     * @return the value, or {@code null} when memcached rejects it
     */
    public static Integer parseSigned32(String token) {
        Long value = parseSigned64(token);
        return value == null ? null : (int) value.longValue();
    }

    /**
     * Parses like {@code safe_strtoll}: a signed 64-bit number.
     *
     * @param token the token text
     * @return the value, or {@code null} when memcached rejects it
     */
    public static Long parseSigned64(String token) {
        int i = skipSpace(token);
        boolean negative = false;
        if (i < token.length() && (token.charAt(i) == '+' || token.charAt(i) == '-')) {
            negative = token.charAt(i) == '-';
            i++;
        }
        int start = i;
        long accumulated = 0; // kept negative: the negative range is one larger
        boolean overflow = false;
        while (i < token.length() && isDigit(token.charAt(i))) {
            int digit = token.charAt(i) - '0';
            if (!overflow) {
                if (accumulated < (Long.MIN_VALUE + digit) / 10) {
                    overflow = true;
                } else {
                    accumulated = accumulated * 10 - digit;
                }
            }
            i++;
        }
        if (i == start || overflow || !endsToken(token, i) || (!negative && accumulated == Long.MIN_VALUE)) {
            return null;
        }
        return negative ? accumulated : -accumulated;
    }

    private static Long parseUnsigned(String token) {
        int i = skipSpace(token);
        boolean negative = false;
        if (i < token.length() && (token.charAt(i) == '+' || token.charAt(i) == '-')) {
            negative = token.charAt(i) == '-';
            i++;
        }
        int start = i;
        long value = 0;
        boolean overflow = false;
        while (i < token.length() && isDigit(token.charAt(i))) {
            int digit = token.charAt(i) - '0';
            if (!overflow) {
                long times10 = value * 10;
                if (Long.compareUnsigned(value, MAX_BEFORE_TIMES_TEN) > 0
                        || Long.compareUnsigned(times10 + digit, times10) < 0) {
                    overflow = true;
                } else {
                    value = times10 + digit;
                }
            }
            i++;
        }
        if (i == start || overflow || !endsToken(token, i)) {
            return null;
        }
        if (negative) {
            value = -value;
        }
        if (value < 0 && token.indexOf('-') >= 0) {
            return null;
        }
        return value;
    }

    private static int skipSpace(String token) {
        int i = 0;
        while (i < token.length() && isSpace(token.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean endsToken(String token, int i) {
        return i == token.length() || isSpace(token.charAt(i));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
