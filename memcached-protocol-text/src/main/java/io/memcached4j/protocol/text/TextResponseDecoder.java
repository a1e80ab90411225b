package io.memcached4j.protocol.text;

import io.memcached4j.CasItem;
import io.memcached4j.ClientErrorException;
import io.memcached4j.MemcachedException;
import io.memcached4j.MetaCommand;
import io.memcached4j.MetaFlag;
import io.memcached4j.MetaRequest;
import io.memcached4j.MetaResponse;
import io.memcached4j.MetaStatus;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerErrorException;
import io.memcached4j.protocol.text.wire.AsciiBytes;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.ResponseDecoder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Decodes the text protocol replies of one connection, incrementally.
 *
 * <p>Lines end with {@code \n}, an optional {@code \r} before it is dropped (memcached ends most
 * lines with {@code \r\n}, but {@code lru_crawler metadump} lines with {@code \n} alone). A line
 * longer than {@value #MAX_LINE} bytes, a data block longer than the item size limit, or anything
 * that is not a reply to the request, is a {@link ProtocolException}; nothing is allocated for a
 * length before it has been checked. Bytes of an incomplete line or data block are kept in the
 * decoder between calls.
 *
 * <p>A reply that names a key must answer its request, else it is a {@link ProtocolException}:
 * the {@code VALUE} lines of a retrieval name requested keys in request order (a subsequence, as
 * misses are left out; so a single-key get accepts one {@code VALUE} line, of its own key); a meta
 * reply's {@code O} token is the one sent ({@link Request.Meta#opaque()}, or the request's own
 * {@code O} flag), and it may be absent only from a miss ({@code EN}); its {@code k} key, and the
 * key of an {@code ME} line, is the request's (base64 keys excepted). Storage, delete, touch,
 * arithmetic and other classic replies name no key and cannot be checked.
 *
 * <p>{@code ERROR}, {@code ERROR <text>} and {@code CLIENT_ERROR <text>} become a
 * {@link io.memcached4j.ClientErrorException}, {@code SERVER_ERROR <text>} a
 * {@link io.memcached4j.ServerErrorException}, whose message is the whole line the server sent; the
 * line is consumed, so the stream stays in step. {@code stats} replies collect {@code STAT} (and
 * {@code ITEM}, for {@code stats cachedump}) lines up to {@code END}; a group answered with
 * {@code OK} or {@code RESET} gives an empty map.
 *
 * <p>A quiet meta request ({@code q}) was sent followed by {@code mn}: its reply is the line (and
 * data) the server sent, then the {@code MN}; a bare {@code MN} means the silent outcome, decoded as
 * {@code EN} for {@code mg} and {@code me} and {@code HD} for the others, with no flags. An error
 * to a quiet request is thrown once its {@code MN} has been read.
 *
 * <p>The reply to a {@link Request.RawLine} is every line up to and including the one that ends
 * it. A line continues the reply when it starts with {@code STAT }, {@code ITEM }, {@code PREFIX },
 * {@code VALUE }, {@code key=} or {@code mg } (the lines of {@code stats}, {@code stats cachedump},
 * {@code stats detail dump}, multi-get, {@code lru_crawler metadump} and {@code mgdump}); any other
 * line ends it ({@code END}, {@code OK}, {@code STORED}, a number, {@code ERROR}, {@code CLIENT_ERROR
 * ...}, {@code SERVER_ERROR ...}, {@code VERSION ...}, the meta codes {@code HD}, {@code EN},
 * {@code MN}, {@code ME ...}, ...). The data block after a {@code VALUE} or {@code VA} line is
 * read by its length and returned as one line (decoded as UTF-8); as a meta reply carries one
 * item, a {@code VA} line's data block ends the reply. Error lines are returned, not thrown.
 * A raw command the server does not answer (a quiet meta command that misses, {@code noreply})
 * leaves the reply waiting: the transport's timeout ends it.
 */
final class TextResponseDecoder implements ResponseDecoder {
    /** The longest line accepted, terminator excluded. */
    static final int MAX_LINE = 8192;

    private static final Object CONTINUE = new Object();
    private static final byte[] EMPTY = new byte[0];

    private final int itemSizeLimit;

    /** The line being read; it is complete when {@link #readLine} returns true. */
    private final byte[] line = new byte[MAX_LINE + 1];
    private int lineLength;

    /** The data block being read, when {@code inData}. */
    private boolean inData;
    private byte[] data;
    private int dataFilled;
    private int terminatorSeen;

    // The reply in progress.
    private CasItem firstItem;
    private List<CasItem> items;
    private int keyHint;
    private String valueKey;
    private int valueFlags;
    private long valueCas;
    private Map<String, String> stats;
    private List<String> rawLines;
    private boolean rawDataEndsReply;
    private List<MetaFlag> metaFlags;
    private boolean awaitingNoop;
    private Object quietResult;
    private MemcachedException quietError;

    TextResponseDecoder(int itemSizeLimit) {
        this.itemSizeLimit = itemSizeLimit;
    }

    @Override
    public Object decode(Request<?> request, ByteBuffer in) {
        if (!request.expectsReply()) {
            return null;
        }
        try {
            while (true) {
                Object result;
                if (inData) {
                    if (!readData(in)) {
                        return NEED_MORE;
                    }
                    inData = false;
                    result = onData(request);
                } else {
                    if (!readLine(in)) {
                        return NEED_MORE;
                    }
                    result = onLine(request);
                    lineLength = 0;
                }
                if (result != CONTINUE) {
                    reset();
                    return result;
                }
            }
        } catch (MemcachedException e) {
            reset();
            throw e;
        }
    }

    private void reset() {
        lineLength = 0;
        inData = false;
        data = null;
        firstItem = null;
        items = null;
        keyHint = 0;
        valueKey = null;
        stats = null;
        rawLines = null;
        rawDataEndsReply = false;
        metaFlags = null;
        awaitingNoop = false;
        quietResult = null;
        quietError = null;
    }

    /** Reads up to the end of a line; returns false, keeping the bytes, when it has not arrived. */
    private boolean readLine(ByteBuffer in) {
        int lf = AsciiBytes.indexOfLineFeed(in);
        int count = (lf < 0 ? in.limit() : lf) - in.position();
        if (lineLength + count > MAX_LINE + 1) { // room for the line and its \r
            throw new ProtocolException("reply line longer than " + MAX_LINE + " bytes: "
                    + quote(line, 0, Math.min(lineLength, 100)) + "...");
        }
        in.get(line, lineLength, count);
        lineLength += count;
        if (lf < 0) {
            return false;
        }
        in.get(); // the line feed
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
        }
        if (lineLength > MAX_LINE) {
            throw new ProtocolException("reply line longer than " + MAX_LINE + " bytes");
        }
        return true;
    }

    /** Reads the rest of the data block and its {@code \r\n}; returns false when more is needed. */
    private boolean readData(ByteBuffer in) {
        int count = Math.min(in.remaining(), data.length - dataFilled);
        in.get(data, dataFilled, count);
        dataFilled += count;
        if (dataFilled < data.length) {
            return false;
        }
        while (terminatorSeen < 2) {
            if (!in.hasRemaining()) {
                return false;
            }
            byte b = in.get();
            if (b != (terminatorSeen == 0 ? '\r' : '\n')) {
                throw new ProtocolException("data block of " + data.length + " bytes is not followed by \\r\\n");
            }
            terminatorSeen++;
        }
        return true;
    }

    private void startData(long length) {
        if (Long.compareUnsigned(length, itemSizeLimit) > 0) {
            throw new ProtocolException("data block of " + Long.toUnsignedString(length)
                    + " bytes exceeds the item size limit of " + itemSizeLimit + " bytes: " + quoteLine());
        }
        data = length == 0 ? EMPTY : new byte[(int) length];
        dataFilled = 0;
        terminatorSeen = 0;
        inData = true;
    }

    private Object onLine(Request<?> request) {
        if (request instanceof Request.Retrieval r) {
            return retrievalLine(r);
        } else if (request instanceof Request.Meta m) {
            return metaLine(m);
        } else if (request instanceof Request.RawLine) {
            return rawLine();
        } else if (request instanceof Request.Storage) {
            return storageLine();
        } else if (request instanceof Request.Deletion) {
            return is("DELETED") ? Boolean.TRUE : is("NOT_FOUND") ? Boolean.FALSE : unexpected("delete");
        } else if (request instanceof Request.Touch) {
            return is("TOUCHED") ? Boolean.TRUE : is("NOT_FOUND") ? Boolean.FALSE : unexpected("touch");
        } else if (request instanceof Request.Arithmetic) {
            if (is("NOT_FOUND")) {
                return OptionalLong.empty();
            }
            if (lineLength > 0 && line[0] >= '0' && line[0] <= '9') {
                return OptionalLong.of(number(0, lineLength));
            }
            return unexpected("incr/decr");
        } else if (request instanceof Request.FlushAll || request instanceof Request.Verbosity) {
            return is("OK") ? null : unexpected("flush_all/verbosity");
        } else if (request instanceof Request.Version) {
            return startsWith("VERSION ") ? text(8, lineLength) : unexpected("version");
        } else if (request instanceof Request.Stats) {
            return statsLine();
        }
        throw new ProtocolException("no reply expected to " + request);
    }

    private Object onData(Request<?> request) {
        if (request instanceof Request.Retrieval) {
            CasItem item = item(valueKey, data, valueFlags, valueCas);
            if (firstItem == null) {
                firstItem = item;
            } else {
                if (items == null) {
                    items = new ArrayList<>();
                    items.add(firstItem);
                }
                items.add(item);
            }
            return CONTINUE;
        } else if (request instanceof Request.Meta m) {
            return metaReply(m, MetaStatus.VALUE, data);
        } else {
            rawLines.add(new String(data, StandardCharsets.UTF_8));
            return rawDataEndsReply ? List.copyOf(rawLines) : CONTINUE;
        }
    }

    // ---- classic replies

    private Object retrievalLine(Request.Retrieval request) {
        if (startsWith("VALUE ")) {
            int keyStart = 6;
            int keyEnd = tokenEnd(keyStart);
            int flagsEnd = tokenEnd(keyEnd + 1);
            int lengthEnd = tokenEnd(flagsEnd + 1);
            long flags = number(keyEnd + 1, flagsEnd);
            if (flags > 0xffff_ffffL || flags < 0) {
                throw new ProtocolException("flags above 2^32-1: " + quoteLine());
            }
            long length = number(flagsEnd + 1, lengthEnd);
            long cas = CasItem.NO_CAS;
            if (lengthEnd < lineLength) {
                int casEnd = tokenEnd(lengthEnd + 1);
                if (casEnd != lineLength) {
                    throw new ProtocolException("too many fields in a VALUE line: " + quoteLine());
                }
                cas = number(lengthEnd + 1, casEnd);
            }
            if (keyEnd == keyStart) {
                throw new ProtocolException("empty key in a VALUE line: " + quoteLine());
            }
            valueKey = requestedKey(request, keyStart, keyEnd);
            valueFlags = (int) flags;
            valueCas = cas;
            startData(length);
            return CONTINUE;
        }
        if (is("END")) {
            if (items != null) {
                return Collections.unmodifiableList(items);
            }
            return firstItem == null ? List.of() : List.of(firstItem);
        }
        return unexpected(request.command().token());
    }

    /**
     * Returns the request's key equal to the line's bytes (so that a hit does not build its key
     * again), searching only after the key of the previous {@code VALUE} line: memcached answers the
     * keys in the order they were asked, and leaves misses out. A key the request did not ask for, or
     * asked for earlier, means this is not the reply to this request.
     */
    private String requestedKey(Request.Retrieval request, int from, int to) {
        List<String> keys = request.keys();
        for (int i = keyHint, size = keys.size(); i < size; i++) {
            if (asciiEquals(keys.get(i), from, to)) {
                keyHint = i + 1;
                return keys.get(i);
            }
        }
        throw new ProtocolException("reply for key " + quote(line, from, Math.min(to, from + 250)) + " to "
                + describe(request) + (keyHint == 0 ? "" : " after its key #" + keyHint)
                + ": not the reply to this request");
    }

    private static String describe(Request.Retrieval request) {
        List<String> keys = request.keys();
        StringBuilder sb = new StringBuilder(request.command().token());
        for (int i = 0; i < Math.min(keys.size(), 3); i++) {
            sb.append(' ').append(keys.get(i));
        }
        if (keys.size() > 3) {
            sb.append(" ... (").append(keys.size()).append(" keys)");
        }
        return sb.toString();
    }

    private boolean asciiEquals(String key, int from, int to) {
        if (key.length() != to - from) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= 0x80 || line[from + i] != (byte) c) {
                return false;
            }
        }
        return true;
    }

    private static CasItem item(String key, byte[] value, int flags, long cas) {
        try {
            return new CasItem(key, value, flags, 0, cas);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("the server returned an invalid key: " + e.getMessage(), e);
        }
    }

    private Object storageLine() {
        if (is("STORED")) {
            return Request.StoreResult.STORED;
        } else if (is("NOT_STORED")) {
            return Request.StoreResult.NOT_STORED;
        } else if (is("EXISTS")) {
            return Request.StoreResult.EXISTS;
        } else if (is("NOT_FOUND")) {
            return Request.StoreResult.NOT_FOUND;
        }
        return unexpected("a storage command");
    }

    private Object statsLine() {
        boolean stat = startsWith("STAT ");
        if (stat || startsWith("ITEM ")) {
            if (stats == null) {
                stats = new LinkedHashMap<>();
            }
            int nameEnd = tokenEnd(5);
            if (nameEnd == 5) {
                throw new ProtocolException("empty statistic name: " + quoteLine());
            }
            stats.put(text(5, nameEnd), nameEnd < lineLength ? text(nameEnd + 1, lineLength) : "");
            return CONTINUE;
        }
        if (is("END") || is("OK") || is("RESET")) {
            return stats == null ? Map.of() : Collections.unmodifiableMap(stats);
        }
        return unexpected("stats");
    }

    // ---- raw lines

    private Object rawLine() {
        if (rawLines == null) {
            rawLines = new ArrayList<>();
        }
        rawLines.add(text(0, lineLength));
        if (startsWith("VALUE ")) {
            int lengthStart = tokenEnd(tokenEnd(6) + 1) + 1;
            startData(number(lengthStart, tokenEnd(lengthStart)));
            rawDataEndsReply = false;
            return CONTINUE;
        }
        if (startsWith("VA ")) {
            startData(number(3, tokenEnd(3)));
            rawDataEndsReply = true;
            return CONTINUE;
        }
        if (startsWith("STAT ") || startsWith("ITEM ") || startsWith("PREFIX ") || startsWith("key=") || startsWith("mg ")) {
            return CONTINUE;
        }
        return List.copyOf(rawLines);
    }

    // ---- meta replies

    private Object metaLine(Request.Meta meta) {
        MetaRequest request = meta.request();
        boolean quiet = RequestEncoder.quietWithNoop(request);
        if (awaitingNoop) {
            if (!is("MN")) {
                throw new ProtocolException("expected MN after the reply to a quiet " + request.command().token()
                        + ": " + quoteLine());
            }
            if (quietError != null) {
                throw quietError;
            }
            return quietResult;
        }
        MemcachedException error = serverError();
        if (error != null) {
            if (quiet) {
                quietError = error;
                awaitingNoop = true;
                return CONTINUE;
            }
            throw error;
        }
        if (lineLength < 2 || (lineLength > 2 && line[2] != ' ')) {
            return unexpected(request.command().token());
        }
        if (is("MN")) {
            if (quiet) {
                boolean get = request.command() == MetaCommand.GET || request.command() == MetaCommand.DEBUG;
                return MetaResponse.of(get ? MetaStatus.MISS : MetaStatus.HEADER, List.of(), null);
            }
            if (request.command() == MetaCommand.NOOP) {
                return MetaResponse.of(MetaStatus.NOOP, List.of(), null);
            }
            return unexpected(request.command().token());
        }
        if (startsWith("ME ") && request.command() == MetaCommand.DEBUG) {
            int keyEnd = tokenEnd(3);
            if (!request.base64Key() && !asciiEquals(request.key(), 3, keyEnd)) {
                throw new ProtocolException("reply for key " + quote(line, 3, keyEnd) + " to me " + request.key()
                        + ": not the reply to this request");
            }
            byte[] value = new byte[lineLength - 3];
            System.arraycopy(line, 3, value, 0, value.length);
            return metaReply(meta, MetaStatus.DEBUG, value);
        }
        if (startsWith("VA ")) {
            int lengthEnd = tokenEnd(3);
            long length = number(3, lengthEnd);
            metaFlags = checkCorrelation(meta, MetaStatus.VALUE, metaFlags(lengthEnd));
            startData(length);
            return CONTINUE;
        }
        MetaStatus status;
        if (startsWith("HD")) {
            status = MetaStatus.HEADER;
        } else if (startsWith("EN")) {
            status = MetaStatus.MISS;
        } else if (startsWith("NF")) {
            status = MetaStatus.NOT_FOUND;
        } else if (startsWith("NS")) {
            status = MetaStatus.NOT_STORED;
        } else if (startsWith("EX")) {
            status = MetaStatus.EXISTS;
        } else {
            return unexpected(request.command().token());
        }
        metaFlags = checkCorrelation(meta, status, metaFlags(2));
        return metaReply(meta, status, null);
    }

    private Object metaReply(Request.Meta meta, MetaStatus status, byte[] value) {
        MetaResponse response = MetaResponse.of(status, metaFlags == null ? List.of() : metaFlags, value);
        if (RequestEncoder.quietWithNoop(meta.request())) {
            quietResult = response;
            awaitingNoop = true;
            return CONTINUE;
        }
        return response;
    }

    /**
     * Checks that a meta reply answers its request: its {@code O} token must be the one sent (the
     * transport's, or the request's own), and its {@code k} key, if any, the request's key (unless
     * the key is base64: memcached 1.6.18 returns it decoded). A reply without {@code O} to a request
     * that sent one is accepted only as a miss ({@code EN}, which the protocol documents bare).
     * Returns the flags without the transport's token.
     */
    private List<MetaFlag> checkCorrelation(Request.Meta meta, MetaStatus status, List<MetaFlag> flags) {
        MetaRequest request = meta.request();
        String sent = meta.opaque() != null ? meta.opaque() : opaqueOf(request.flags());
        int opaqueAt = -1;
        for (int i = 0, size = flags.size(); i < size; i++) {
            MetaFlag f = flags.get(i);
            if (f.flag() == 'O') {
                if (opaqueAt >= 0 || sent == null || !sent.equals(f.token())) {
                    throw mismatch(meta, "opaque token " + f.token());
                }
                opaqueAt = i;
            } else if (f.flag() == 'k' && !request.base64Key() && !request.key().equals(f.token())) {
                throw mismatch(meta, "key " + f.token());
            }
        }
        if (opaqueAt < 0) {
            if (sent != null && status != MetaStatus.MISS) {
                throw mismatch(meta, "no opaque token");
            }
            return flags;
        }
        if (meta.opaque() == null) {
            return flags;
        }
        List<MetaFlag> own = new ArrayList<>(flags);
        own.remove(opaqueAt);
        return own;
    }

    private static String opaqueOf(List<MetaFlag> flags) {
        for (MetaFlag f : flags) {
            if (f.flag() == 'O') {
                return f.token();
            }
        }
        return null;
    }

    private ProtocolException mismatch(Request.Meta meta, String what) {
        MetaRequest request = meta.request();
        return new ProtocolException("reply with " + what + " to " + request.command().token() + " " + request.key()
                + (meta.opaque() != null ? " O" + meta.opaque() : "") + ": not the reply to this request ("
                + quoteLine() + ")");
    }

    /** Parses the flags after {@code from}, which is the end of the line or a space. */
    private List<MetaFlag> metaFlags(int from) {
        if (from >= lineLength) {
            return List.of();
        }
        List<MetaFlag> flags = new ArrayList<>();
        int at = from;
        while (at < lineLength) {
            int start = at + 1;
            int end = tokenEnd(start);
            at = end;
            if (end == start) {
                continue; // tolerate repeated or trailing spaces
            }
            try {
                flags.add(MetaFlag.of((char) (line[start] & 0xff), text(start + 1, end)));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("bad meta flag in " + quoteLine() + ": " + e.getMessage(), e);
            }
        }
        return flags;
    }

    // ---- line helpers

    private boolean is(String text) {
        return AsciiBytes.equalsAscii(line, 0, lineLength, text);
    }

    private boolean startsWith(String prefix) {
        return AsciiBytes.startsWith(line, 0, lineLength, prefix);
    }

    /** Returns the end of the token starting at {@code from}: the next space or the end of the line. */
    private int tokenEnd(int from) {
        if (from > lineLength) {
            throw new ProtocolException("missing field: " + quoteLine());
        }
        int space = AsciiBytes.indexOf(line, from, lineLength, (byte) ' ');
        return space < 0 ? lineLength : space;
    }

    private long number(int from, int to) {
        try {
            return AsciiBytes.parseUnsignedDecimal(line, from, to);
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad number (" + e.getMessage() + "): " + quoteLine(), e);
        }
    }

    private String text(int from, int to) {
        return new String(line, from, to - from, StandardCharsets.UTF_8);
    }

    /** Returns the exception for an error line, or null for any other line. */
    private MemcachedException serverError() {
        if (is("ERROR") || startsWith("ERROR ") || startsWith("CLIENT_ERROR")) {
            return new ClientErrorException(text(0, lineLength));
        }
        if (startsWith("SERVER_ERROR")) {
            return new ServerErrorException(text(0, lineLength));
        }
        return null;
    }

    /** Throws the error the line reports, or a {@link ProtocolException} when it is no error. */
    private Object unexpected(String command) {
        MemcachedException error = serverError();
        if (error != null) {
            throw error;
        }
        throw new ProtocolException("unexpected reply to " + command + ": " + quoteLine());
    }

    private String quoteLine() {
        return quote(line, 0, Math.min(lineLength, 200));
    }

    private static String quote(byte[] bytes, int from, int to) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x20 || b >= 0x7f || b == '"' || b == '\\') {
                sb.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            } else {
                sb.append((char) b);
            }
        }
        return sb.append('"').toString();
    }
}
