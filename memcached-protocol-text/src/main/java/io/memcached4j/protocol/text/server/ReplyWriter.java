package io.memcached4j.protocol.text.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes a server's replies in memcached's text protocol into a growable buffer: status
 * lines, {@code VALUE} blocks, {@code STAT} lines, meta replies. Strings are written as
 * Latin-1, one byte per {@code char}, matching the parser's key representation.
 *
 * <p>Not thread-safe; one writer per connection.
 */
public final class ReplyWriter {
    private static final byte[] CRLF = {'\r', '\n'};

    private byte[] buffer = new byte[512];
    private int size;
    private int flushedMark;

    /** Creates an empty writer. */
    public ReplyWriter() {
        // empty
    }

    /**
     * Appends a line and CRLF.
     *
     * @param line the line, without CRLF
     * @return this writer
     */
    public ReplyWriter line(String line) {
        return text(line).bytes(CRLF);
    }

    /**
     * Appends text without a line end.
     *
     * @param text Latin-1 text
     * @return this writer
     */
    public ReplyWriter text(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            buffer[size++] = (byte) text.charAt(i);
        }
        return this;
    }

    /**
     * Appends raw bytes.
     *
     * @param bytes the bytes
     * @return this writer
     */
    public ReplyWriter bytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /**
     * Appends a retrieval hit: {@code VALUE <key> <flags> <bytes> [<cas>]}, CRLF, the data, CRLF.
     *
     * @param key the key
     * @param flags the client flags (unsigned 32-bit)
     * @param data the value
     * @param withCas whether to include the CAS value
     * @param cas the CAS value (unsigned 64-bit)
     * @return this writer
     */
    public ReplyWriter value(String key, int flags, byte[] data, boolean withCas, long cas) {
        text("VALUE ").text(key).text(" ").text(Integer.toUnsignedString(flags)).text(" ")
                .text(Integer.toString(data.length));
        if (withCas) {
            text(" ").text(Long.toUnsignedString(cas));
        }
        return bytes(CRLF).bytes(data).bytes(CRLF);
    }

    /**
     * Appends a meta reply line followed by a data block ({@code VA ...} replies).
     *
     * @param header the reply line, without CRLF
     * @param data the value
     * @return this writer
     */
    public ReplyWriter lineWithData(String header, byte[] data) {
        return line(header).bytes(data).bytes(CRLF);
    }

    /**
     * Appends {@code STAT <name> <value>}.
     *
     * @param name the statistic
     * @param value its value, written with {@code String.valueOf}
     * @return this writer
     */
    public ReplyWriter stat(String name, Object value) {
        return text("STAT ").text(name).text(" ").line(String.valueOf(value));
    }

    /**
     * Appends {@code END}.
     *
     * @return this writer
     */
    public ReplyWriter end() {
        return line("END");
    }

    /**
     * Marks everything written so far as flushed: memcached transmits its pending replies after
     * a successful get, after {@code mn}, and every 20 requests of a batch.
     */
    public void markFlushed() {
        flushedMark = size;
    }

    /** @return the bytes written since the last {@link #markFlushed()} (memcached's "response stack") */
    public int unflushedSize() {
        return size - flushedMark;
    }

    /** Drops the replies written since the last {@link #markFlushed()}, as memcached's failed multi-get does. */
    public void discardUnflushed() {
        size = flushedMark;
    }

    /** @return the number of bytes written and not yet drained */
    public int size() {
        return size;
    }

    /** @return whether nothing is waiting */
    public boolean isEmpty() {
        return size == 0;
    }

    /** @return a copy of the bytes written so far */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /**
     * Copies as many pending bytes as fit into {@code out} and drops them from this writer.
     *
     * @param out the destination
     * @return the number of bytes copied
     */
    public int drainTo(ByteBuffer out) {
        int n = Math.min(out.remaining(), size);
        out.put(buffer, 0, n);
        System.arraycopy(buffer, n, buffer, 0, size - n);
        size -= n;
        flushedMark = Math.max(0, flushedMark - n);
        return n;
    }

    /** Drops everything written. */
    public void clear() {
        size = 0;
        flushedMark = 0;
    }

    @Override
    public String toString() {
        return new String(buffer, 0, size, StandardCharsets.ISO_8859_1);
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}
