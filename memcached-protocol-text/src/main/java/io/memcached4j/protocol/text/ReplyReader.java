package io.memcached4j.protocol.text;

import io.memcached4j.ClientErrorException;
import io.memcached4j.MemcachedException;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerErrorException;
import io.memcached4j.protocol.text.wire.AsciiBytes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The framing of one connection's replies: reads them incrementally as lines and data blocks,
 * keeping the bytes of an incomplete one between calls, and reads the fields of the current line.
 *
 * <p>Lines end with {@code \n}, an optional {@code \r} before it is dropped. A line longer than
 * {@value #MAX_LINE} bytes, or a data block longer than the item size limit or not followed by
 * {@code \r\n}, is a {@link ProtocolException}; nothing is allocated for a length before it has
 * been checked. What the lines mean is the reply parsers' business.
 */
final class ReplyReader {
    /** The longest line accepted, terminator excluded. */
    static final int MAX_LINE = 8192;

    /** What a reply parser returns while its reply is not complete. */
    static final Object CONTINUE = new Object();

    private static final byte[] EMPTY = new byte[0];

    private final int itemSizeLimit;

    /** Where a line is assembled that arrives in pieces. */
    private final byte[] assembled = new byte[MAX_LINE + 1];
    /**
     * The current line's bytes, from {@link #start}: {@link #assembled}, or the input buffer's own
     * array when the whole line was there (read in place, no copy); it is complete when
     * {@link #readLine} returns true, and valid until the next read.
     */
    private byte[] line = assembled;
    private int start;
    private int lineLength;

    /** The data block being read, when {@code inData}. */
    private boolean inData;
    private byte[] data;
    private int dataFilled;
    private int terminatorSeen;

    ReplyReader(int itemSizeLimit) {
        this.itemSizeLimit = itemSizeLimit;
    }

    /** Forgets the line and data block in progress. */
    void reset() {
        lineLength = 0;
        inData = false;
        data = null;
    }

    /** Returns true when a data block announced by {@link #startData} is being read. */
    boolean inData() {
        return inData;
    }

    /** Reads up to the end of a line; returns false, keeping the bytes, when it has not arrived. */
    boolean readLine(ByteBuffer in) {
        int lf = AsciiBytes.indexOfLineFeed(in);
        int count = (lf < 0 ? in.limit() : lf) - in.position();
        if (lineLength == 0 && lf >= 0 && in.hasArray()) { // the whole line is there: read in place
            line = in.array();
            start = in.arrayOffset() + in.position();
        } else {
            if (lineLength == 0) {
                line = assembled;
                start = 0;
            }
            if (lineLength + count > MAX_LINE + 1) { // room for the line and its \r
                throw new ProtocolException("reply line longer than " + MAX_LINE + " bytes: "
                        + quote(0, Math.min(lineLength, 100)) + "...");
            }
            in.get(assembled, lineLength, count);
            if (lf < 0) {
                lineLength += count;
                return false;
            }
        }
        lineLength += count;
        in.position(lf + 1); // past the line feed
        if (lineLength > 0 && line[start + lineLength - 1] == '\r') {
            lineLength--;
        }
        if (lineLength > MAX_LINE) {
            throw new ProtocolException("reply line longer than " + MAX_LINE + " bytes: "
                    + quote(0, 100) + "...");
        }
        return true;
    }

    /** Ends the current line: the next {@link #readLine} starts a new one. */
    void lineDone() {
        lineLength = 0;
    }

    /** Announces a data block of this many bytes (checked against the item size limit) after the line. */
    void startData(long length) {
        if (Long.compareUnsigned(length, itemSizeLimit) > 0) {
            throw new ProtocolException("data block of " + Long.toUnsignedString(length)
                    + " bytes exceeds the item size limit of " + itemSizeLimit + " bytes: " + quoteLine());
        }
        data = length == 0 ? EMPTY : new byte[(int) length];
        dataFilled = 0;
        terminatorSeen = 0;
        inData = true;
    }

    /**
     * Reads the rest of the data block and its {@code \r\n}; returns the block when complete, null
     * when more is needed.
     */
    byte[] readData(ByteBuffer in) {
        int count = Math.min(in.remaining(), data.length - dataFilled);
        in.get(data, dataFilled, count);
        dataFilled += count;
        if (dataFilled < data.length) {
            return null;
        }
        while (terminatorSeen < 2) {
            if (!in.hasRemaining()) {
                return null;
            }
            byte b = in.get();
            if (b != (terminatorSeen == 0 ? '\r' : '\n')) {
                throw new ProtocolException("data block of " + data.length + " bytes is not followed by \\r\\n");
            }
            terminatorSeen++;
        }
        byte[] block = data;
        inData = false;
        data = null;
        return block;
    }

    // ---- the fields of the current line

    /** Returns the length of the current line, terminator excluded. */
    int length() {
        return lineLength;
    }

    /** Returns the byte at this index of the current line. */
    byte at(int index) {
        return line[start + index];
    }

    boolean is(String text) {
        return AsciiBytes.equalsAscii(line, start, start + lineLength, text);
    }

    boolean startsWith(String prefix) {
        return AsciiBytes.startsWith(line, start, start + lineLength, prefix);
    }

    /** Returns the end of the token starting at {@code from}: the next space or the end of the line. */
    int tokenEnd(int from) {
        if (from > lineLength) {
            throw new ProtocolException("missing field: " + quoteLine());
        }
        int space = AsciiBytes.indexOf(line, start + from, start + lineLength, (byte) ' ');
        return space < 0 ? lineLength : space - start;
    }

    long number(int from, int to) {
        try {
            return AsciiBytes.parseUnsignedDecimal(line, start + from, start + to);
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad number (" + e.getMessage() + "): " + quoteLine(), e);
        }
    }

    String text(int from, int to) {
        return new String(line, start + from, to - from, StandardCharsets.UTF_8);
    }

    /** Returns the whole line as text. */
    String text() {
        return text(0, lineLength);
    }

    /** Returns a copy of these bytes of the line. */
    byte[] bytes(int from, int to) {
        byte[] copy = new byte[to - from];
        System.arraycopy(line, start + from, copy, 0, copy.length);
        return copy;
    }

    /** Returns true when these bytes of the line are the key's (an ASCII key; any other never matches). */
    boolean asciiEquals(String key, int from, int to) {
        if (key.length() != to - from) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= 0x80 || line[start + from + i] != (byte) c) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns true when the line holds the key's bytes from {@code from}, followed by a space (an
     * ASCII key; any other never matches): the key is that word of the line.
     */
    boolean isWordAt(String key, int from) {
        int end = from + key.length();
        return end < lineLength && line[start + end] == ' ' && asciiEquals(key, from, end);
    }

    /** Returns the exception for an error line, or null for any other line. */
    MemcachedException serverError() {
        if (is("ERROR") || startsWith("ERROR ") || startsWith("CLIENT_ERROR")) {
            return new ClientErrorException(text());
        }
        if (startsWith("SERVER_ERROR")) {
            return new ServerErrorException(text());
        }
        return null;
    }

    /** Throws the error the line reports, or a {@link ProtocolException} when it is no error. */
    Object unexpected(String command) {
        MemcachedException error = serverError();
        if (error != null) {
            throw error;
        }
        throw new ProtocolException("unexpected reply to " + command + ": " + quoteLine());
    }

    /** Returns the line (its first 200 bytes), quoted, for a message. */
    String quoteLine() {
        return quote(0, Math.min(lineLength, 200));
    }

    /** Returns these bytes of the line quoted, other than printable ASCII as {@code \xNN}. */
    String quote(int from, int to) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = from; i < to; i++) {
            int b = line[start + i] & 0xff;
            if (b < 0x20 || b >= 0x7f || b == '"' || b == '\\') {
                sb.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            } else {
                sb.append((char) b);
            }
        }
        return sb.append('"').toString();
    }
}
