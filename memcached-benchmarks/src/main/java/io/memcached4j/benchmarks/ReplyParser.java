package io.memcached4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The limit driver's parse of text-protocol replies, in place over a byte array: each parse of a
 * value block leaves where its key and data are and where it ends in this cursor. Public so that
 * JMH benchmarks can measure the driver's own parse as their baseline. Not thread-safe.
 */
public final class ReplyParser {
    static final byte[] END = "END\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUE = "VALUE ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VA = "VA ".getBytes(StandardCharsets.US_ASCII);

    // Set by the last parse: where the block ends, and where its key and data are.
    int blockEnd;
    int keyStart;
    int keyEnd;
    int dataStart;
    int dataLength;
    /** Set by {@link #metaValue}: the reply's opaque token. */
    int parsedOpaque;

    /**
     * Parses the {@code VALUE} blocks of a multi-get reply in {@code a[from, limit)} into
     * {@code into}, each key a new string and each value a new array, up to and past its {@code END}.
     *
     * @return the index just past {@code END}, or, when the reply is not complete, the bitwise
     *     complement ({@code ~i}) of the index {@code i} where its unparsed part begins
     * @throws IOException when the reply is neither a value block nor {@code END} where one must be
     */
    public int multiGet(byte[] a, int from, int limit, Map<String, byte[]> into) throws IOException {
        int at = from;
        while (!startsWith(a, at, limit, END)) {
            if (!valueBlock(a, at, limit)) {
                return ~at;
            }
            into.put(new String(a, keyStart, keyEnd - keyStart, StandardCharsets.US_ASCII), data(a));
            at = blockEnd;
        }
        return at + END.length;
    }

    /**
     * Parses {@code VALUE <key> <flags> <bytes>\r\n<data>\r\n} at {@code from}.
     *
     * @return false when it is not complete yet
     */
    boolean valueBlock(byte[] a, int from, int limit) throws IOException {
        int lineEnd = indexOfCr(a, from, limit);
        if (lineEnd < 0 || lineEnd + 1 >= limit) {
            return false;
        }
        if (!startsWith(a, from, limit, VALUE)) {
            throw unexpected("VALUE or END expected", a, from, limit);
        }
        keyStart = from + VALUE.length;
        keyEnd = keyStart;
        while (a[keyEnd] != ' ') {
            keyEnd++;
        }
        int lengthStart = lineEnd;
        while (a[lengthStart - 1] != ' ') {
            lengthStart--;
        }
        int length = 0;
        for (int i = lengthStart; i < lineEnd; i++) {
            length = length * 10 + (a[i] - '0');
        }
        return dataBlock(lineEnd, length, limit);
    }

    /**
     * Parses {@code VA <size> O<token>\r\n<data>\r\n}, whose line ends at {@code lineEnd}, checking
     * the token against {@code opaque} unless it is negative; the token is left in {@link #parsedOpaque}.
     *
     * @return false when the data block is not complete yet
     */
    boolean metaValue(byte[] a, int from, int lineEnd, int limit, int opaque) throws IOException {
        if (!startsWith(a, from, limit, VA)) {
            throw unexpected("VA or EN expected", a, from, limit);
        }
        int length = 0;
        int i = from + VA.length;
        while (i < lineEnd && a[i] != ' ') {
            length = length * 10 + (a[i++] - '0');
        }
        parsedOpaque = opaqueOf(a, i, lineEnd);
        if (opaque >= 0 && parsedOpaque != opaque) {
            throw unexpected("O" + opaque + " expected", a, from, limit);
        }
        return dataBlock(lineEnd, length, limit);
    }

    /** @return a copy of the last parsed block's data */
    byte[] data(byte[] a) {
        byte[] value = new byte[dataLength];
        System.arraycopy(a, dataStart, value, 0, dataLength);
        return value;
    }

    private boolean dataBlock(int lineEnd, int length, int limit) {
        dataStart = lineEnd + 2;
        dataLength = length;
        blockEnd = dataStart + length + 2;
        return blockEnd <= limit;
    }

    /** The number after the {@code O} flag in the line {@code [from, lineEnd)}; -1 when there is none. */
    static int opaqueOf(byte[] a, int from, int lineEnd) {
        for (int i = from; i + 1 < lineEnd; i++) {
            if (a[i] == ' ' && a[i + 1] == 'O') {
                int token = 0;
                for (int j = i + 2; j < lineEnd && a[j] != ' '; j++) {
                    token = token * 10 + (a[j] - '0');
                }
                return token;
            }
        }
        return -1;
    }

    static int indexOfCr(byte[] a, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (a[i] == '\r') {
                return i;
            }
        }
        return -1;
    }

    static boolean startsWith(byte[] a, int from, int limit, byte[] prefix) {
        if (limit - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (a[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** @return an error quoting up to 80 bytes of the reply from {@code at} */
    static IOException unexpected(String what, byte[] a, int at, int limit) {
        int end = Math.min(limit, at + 80);
        return new IOException(what + ", got: " + new String(a, at, end - at, StandardCharsets.US_ASCII));
    }
}
