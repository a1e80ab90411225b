package io.memcached4j.protocol.text;

import io.memcached4j.Keys;
import io.memcached4j.MetaCommand;
import io.memcached4j.MetaFlag;
import io.memcached4j.MetaRequest;
import io.memcached4j.protocol.text.wire.AsciiBytes;
import io.memcached4j.core.codec.Request;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes requests in the text protocol. One walk over a request serves both to size it
 * ({@code out == null}: nothing is written) and to write it, so the size is exact by construction.
 * Keys and other words are checked during the sizing walk, before a byte is written, and keys again
 * in the write walk before their bytes are put: a space or control character can never inject a
 * second command.
 */
final class RequestEncoder {
    private final int itemSizeLimit;

    RequestEncoder(int itemSizeLimit) {
        this.itemSizeLimit = itemSizeLimit;
    }

    /** Returns the encoded size of a request, checking it. */
    int size(Request<?> request) {
        return walk(request, null);
    }

    /**
     * Writes a request into a buffer that has room for it (its {@link #size} or {@link #upperBound});
     * keys and values are checked as they are written, so an invalid request may leave written
     * bytes behind: the caller restores the position.
     */
    void write(Request<?> request, ByteBuffer out) {
        walk(request, out);
    }

    private int walk(Request<?> request, ByteBuffer out) {
        if (request instanceof Request.Retrieval r) {
            int n = ascii(out, r.command().token());
            if (r.command().touches()) {
                n += space(out) + signed(out, r.expiration());
            }
            return n + keys(out, r.keys());
        } else if (request instanceof Request.GetAll g) {
            return ascii(out, "get") + keys(out, g.keys());
        } else if (request instanceof Request.Storage s) {
            return storage(s, out);
        } else if (request instanceof Request.Meta m) {
            return meta(m, out);
        } else if (request instanceof Request.Deletion d) {
            return ascii(out, "delete ") + key(out, d.key()) + noreply(out, d.noreply()) + crlf(out);
        } else if (request instanceof Request.Arithmetic a) {
            return ascii(out, a.increment() ? "incr " : "decr ") + key(out, a.key()) + space(out)
                    + unsigned(out, a.delta()) + noreply(out, a.noreply()) + crlf(out);
        } else if (request instanceof Request.Touch t) {
            return ascii(out, "touch ") + key(out, t.key()) + space(out) + signed(out, t.expiration())
                    + noreply(out, t.noreply()) + crlf(out);
        } else if (request instanceof Request.FlushAll f) {
            int n = ascii(out, "flush_all");
            if (f.delaySeconds() != 0) {
                n += space(out) + signed(out, f.delaySeconds());
            }
            return n + noreply(out, f.noreply()) + crlf(out);
        } else if (request instanceof Request.Version) {
            return ascii(out, "version\r\n");
        } else if (request instanceof Request.Verbosity v) {
            return ascii(out, "verbosity ") + signed(out, v.level()) + noreply(out, v.noreply()) + crlf(out);
        } else if (request instanceof Request.Stats s) {
            int n = ascii(out, "stats");
            if (s.group() != null) {
                n += space(out) + commandText(out, s.group());
            }
            return n + crlf(out);
        } else if (request instanceof Request.Quit) {
            return ascii(out, "quit\r\n");
        } else if (request instanceof Request.RawLine raw) {
            return commandText(out, raw.line()) + crlf(out);
        }
        throw new IllegalArgumentException("unknown request " + request);
    }

    /** Writes the keys of a retrieval, each after a space, and the line's end. */
    private static int keys(ByteBuffer out, List<String> keys) {
        int n = 0;
        for (int i = 0, size = keys.size(); i < size; i++) {
            n += space(out) + key(out, keys.get(i));
        }
        return n + crlf(out);
    }

    /**
     * The data block a request ends with: a storage command's or a meta set's value, then
     * {@code \r\n}; null for other requests.
     */
    static byte[] dataBlock(Request<?> request) {
        if (request instanceof Request.Storage s) {
            return s.value();
        }
        if (request instanceof Request.Meta m && m.request().command() == MetaCommand.SET) {
            return m.request().value();
        }
        return null;
    }

    /**
     * Writes the part of a request before its {@link #dataBlock}: the command line, checked as
     * {@link #write} checks it; the block and its {@code \r\n} are left to the caller.
     *
     * @param out a buffer with room for {@link #size} less the block and 2
     */
    void writeHead(Request<?> request, ByteBuffer out) {
        if (request instanceof Request.Storage s) {
            storageLine(s, out);
        } else {
            metaLine((Request.Meta) request, out);
        }
    }

    private int storage(Request.Storage s, ByteBuffer out) {
        return storageLine(s, out) + bytes(out, s.value()) + crlf(out);
    }

    private int storageLine(Request.Storage s, ByteBuffer out) {
        int n = ascii(out, s.command().token()) + space(out) + key(out, s.key()) + space(out)
                + unsigned(out, Integer.toUnsignedLong(s.flags())) + space(out) + signed(out, s.expiration())
                + space(out) + unsigned(out, value(s.value()).length);
        if (s.command() == Request.StorageCommand.CAS) {
            n += space(out) + unsigned(out, s.cas());
        }
        return n + noreply(out, s.noreply()) + crlf(out);
    }

    private int meta(Request.Meta meta, ByteBuffer out) {
        int n = metaLine(meta, out);
        MetaRequest m = meta.request();
        if (m.command() == MetaCommand.SET) {
            n += bytes(out, m.value()) + crlf(out);
        }
        if (quietWithNoop(m)) {
            n += ascii(out, "mn\r\n");
        }
        return n;
    }

    private int metaLine(Request.Meta meta, ByteBuffer out) {
        MetaRequest m = meta.request();
        int n = ascii(out, m.command().token());
        if (m.command() != MetaCommand.NOOP) {
            n += space(out) + key(out, m.key());
        }
        if (m.command() == MetaCommand.SET) {
            n += space(out) + unsigned(out, value(m.value()).length);
        }
        if (m.base64Key()) {
            n += ascii(out, " b");
        }
        List<MetaFlag> flags = m.flags();
        for (int i = 0, size = flags.size(); i < size; i++) {
            MetaFlag f = flags.get(i);
            n += 2 + f.token().length();
            if (out != null) {
                out.put((byte) ' ').put((byte) f.flag());
                AsciiBytes.putAscii(out, f.token());
            }
        }
        if (meta.opaque() != null) {
            n += ascii(out, " O") + ascii(out, meta.opaque());
        }
        return n + crlf(out);
    }

    /** Writes what follows a request's {@link #dataBlock}: its {@code \r\n}, and the {@code mn} after a quiet meta set. */
    void writeTail(Request<?> request, ByteBuffer out) {
        crlf(out);
        if (request instanceof Request.Meta m && quietWithNoop(m.request())) {
            ascii(out, "mn\r\n");
        }
    }

    /** A quiet meta command is followed by {@code mn}, whose {@code MN} ends its reply. */
    static boolean quietWithNoop(MetaRequest m) {
        return m.command() != MetaCommand.NOOP && m.quiet();
    }

    private byte[] value(byte[] value) {
        if (value.length > itemSizeLimit) {
            throw new IllegalArgumentException("value of " + value.length + " bytes exceeds the item size limit of "
                    + itemSizeLimit + " bytes");
        }
        return value;
    }

    /**
     * Writes a key, rejecting what could break the command line (the rules of {@link Keys}). The
     * write walk checks too, before the key's bytes are put, so a request written without a sizing
     * walk ({@link #upperBound}) can carry no space or control character either.
     */
    private static int key(ByteBuffer out, String key) {
        if (out == null) {
            return checkedLength(key, false, Keys.MAX_KEY_BYTES, "key");
        }
        int length = key.length();
        if (length == 0 || length > Keys.MAX_KEY_BYTES) {
            return checkedUtf8(out, key);
        }
        int start = out.position();
        for (int i = 0; i < length; i++) { // printable ASCII is written as it is checked, without a copy of the key
            char c = key.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return checkedUtf8(out, key); // from start again: nothing was passed over yet
            }
            out.put(start + i, (byte) c);
        }
        out.position(start + length);
        return length;
    }

    private static int checkedUtf8(ByteBuffer out, String key) {
        int length = checkedLength(key, false, Keys.MAX_KEY_BYTES, "key");
        AsciiBytes.putUtf8(out, key);
        return length;
    }

    /**
     * Returns a bound on the encoded size of a hot request computed without looking at a key's
     * characters (UTF-8 takes at most 3 bytes per char), or -1 for the other requests: when the
     * buffer has that much room, {@link #write} alone encodes and checks it, in one walk.
     */
    static long upperBound(Request<?> request) {
        if (request instanceof Request.Retrieval r) {
            return keysBound(r.keys());
        } else if (request instanceof Request.GetAll g) {
            return keysBound(g.keys());
        } else if (request instanceof Request.Storage s) {
            return 96 + 3L * s.key().length() + s.value().length; // "prepend", 4 numbers, " noreply", 2 \r\n
        }
        return -1;
    }

    /** A bound on a retrieval's size: "gats", the expiration, each key after a space, \r\n. */
    private static long keysBound(List<String> keys) {
        long n = 32;
        for (int i = 0, size = keys.size(); i < size; i++) {
            n += 1 + 3L * keys.get(i).length();
        }
        return n;
    }

    /** Writes free command text (a stats group, a raw line): spaces allowed, control characters not. */
    private static int commandText(ByteBuffer out, String text) {
        if (out == null) {
            return checkedLength(text, true, Keys.MAX_COMMAND_LINE_BYTES, "command text");
        }
        AsciiBytes.putUtf8(out, text);
        return 0;
    }

    private static int checkedLength(String text, boolean spacesAllowed, int maxBytes, String what) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("invalid " + what + ": it is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c == ' ' && !spacesAllowed)) {
                throw new IllegalArgumentException("invalid " + what + ": it contains "
                        + (c == ' ' ? "a space" : "the control character 0x" + Integer.toHexString(c))
                        + " at index " + i);
            }
        }
        int length = Keys.utf8Length(text);
        if (length > maxBytes) {
            throw new IllegalArgumentException("invalid " + what + ": " + length + " bytes, longer than " + maxBytes);
        }
        return length;
    }

    private static int ascii(ByteBuffer out, String text) {
        if (out != null) {
            AsciiBytes.putAscii(out, text);
        }
        return text.length();
    }

    private static int space(ByteBuffer out) {
        if (out != null) {
            out.put((byte) ' ');
        }
        return 1;
    }

    private static int crlf(ByteBuffer out) {
        if (out != null) {
            out.put((byte) '\r').put((byte) '\n');
        }
        return 2;
    }

    private static int noreply(ByteBuffer out, boolean noreply) {
        return noreply ? ascii(out, " noreply") : 0;
    }

    private static int signed(ByteBuffer out, long value) {
        if (out != null) {
            AsciiBytes.putDecimal(out, value);
        }
        return AsciiBytes.decimalLength(value);
    }

    private static int unsigned(ByteBuffer out, long value) {
        if (out != null) {
            AsciiBytes.putUnsignedDecimal(out, value);
        }
        return AsciiBytes.unsignedDecimalLength(value);
    }

    private static int bytes(ByteBuffer out, byte[] value) {
        if (out != null) {
            out.put(value);
        }
        return value.length;
    }
}
