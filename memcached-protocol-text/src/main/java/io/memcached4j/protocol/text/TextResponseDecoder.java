package io.memcached4j.protocol.text;

import io.memcached4j.CasItem;
import io.memcached4j.Item;
import io.memcached4j.MemcachedException;
import io.memcached4j.ProtocolException;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.ResponseDecoder;
import io.memcached4j.internal.TrustedItems;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Decodes the text protocol replies of one connection, incrementally.
 *
 * <p>Lines end with {@code \n}, an optional {@code \r} before it is dropped (memcached ends most
 * lines with {@code \r\n}, but {@code lru_crawler metadump} lines with {@code \n} alone). A line
 * longer than {@value ReplyReader#MAX_LINE} bytes, a data block longer than the item size limit,
 * or anything that is not a reply to the request, is a {@link ProtocolException}; nothing is
 * allocated for a length before it has been checked. Bytes of an incomplete line or data block are kept in the
 * decoder between calls.
 *
 * <p>A reply that names a key must answer its request, else it is a {@link ProtocolException}:
 * the {@code VALUE} lines of a retrieval name requested keys in request order (a subsequence, as
 * misses are left out; so a single-key get accepts one {@code VALUE} line, of its own key; a
 * {@link Request.GetAll}'s items are put straight into its result map, under the request's own key
 * strings); a meta
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
 *
 * <p>The framing (lines, data blocks, the fields of a line) is {@link ReplyReader}'s, the meta
 * replies {@link MetaReplies}'; this class dispatches on the request and parses the classic and raw
 * replies.
 */
final class TextResponseDecoder implements ResponseDecoder {
    private final ReplyReader line;
    private final MetaReplies meta;

    // The classic or raw reply in progress.
    private CasItem firstItem;
    private List<CasItem> items;
    /** The items of a {@link Request.GetAll}, made at its first {@code VALUE} line. */
    private Map<String, Item> found;
    private int keyHint;
    private String valueKey;
    private int valueFlags;
    private long valueCas;
    private Map<String, String> stats;
    private List<String> rawLines;
    private boolean rawDataEndsReply;

    TextResponseDecoder(int itemSizeLimit) {
        this.line = new ReplyReader(itemSizeLimit);
        this.meta = new MetaReplies(line);
    }

    @Override
    public Object decode(Request<?> request, ByteBuffer in) {
        if (!request.expectsReply()) {
            return null;
        }
        try {
            while (true) {
                Object result;
                if (line.inData()) {
                    byte[] data = line.readData(in);
                    if (data == null) {
                        return NEED_MORE;
                    }
                    result = onData(request, data);
                } else {
                    if (!line.readLine(in)) {
                        return NEED_MORE;
                    }
                    result = onLine(request);
                    line.lineDone();
                }
                if (result != ReplyReader.CONTINUE) {
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
        line.reset();
        meta.reset();
        firstItem = null;
        items = null;
        found = null;
        keyHint = 0;
        valueKey = null;
        stats = null;
        rawLines = null;
        rawDataEndsReply = false;
    }

    private Object onLine(Request<?> request) {
        if (request instanceof Request.GetAll g) {
            return retrievalLine(g.keys(), "get", true);
        } else if (request instanceof Request.Retrieval r) {
            return retrievalLine(r.keys(), r.command().token(), false);
        } else if (request instanceof Request.Meta m) {
            return meta.onLine(m);
        } else if (request instanceof Request.RawLine) {
            return rawLine();
        } else if (request instanceof Request.Storage) {
            return storageLine();
        } else if (request instanceof Request.Deletion) {
            return line.is("DELETED") ? Boolean.TRUE : line.is("NOT_FOUND") ? Boolean.FALSE : line.unexpected("delete");
        } else if (request instanceof Request.Touch) {
            return line.is("TOUCHED") ? Boolean.TRUE : line.is("NOT_FOUND") ? Boolean.FALSE : line.unexpected("touch");
        } else if (request instanceof Request.Arithmetic) {
            if (line.is("NOT_FOUND")) {
                return OptionalLong.empty();
            }
            if (line.length() > 0 && line.at(0) >= '0' && line.at(0) <= '9') {
                return OptionalLong.of(line.number(0, line.length()));
            }
            return line.unexpected("incr/decr");
        } else if (request instanceof Request.FlushAll || request instanceof Request.Verbosity) {
            return line.is("OK") ? null : line.unexpected("flush_all/verbosity");
        } else if (request instanceof Request.Version) {
            return line.startsWith("VERSION ") ? line.text(8, line.length()) : line.unexpected("version");
        } else if (request instanceof Request.Stats) {
            return statsLine();
        }
        throw new ProtocolException("no reply expected to " + request);
    }

    private Object onData(Request<?> request, byte[] data) {
        if (request instanceof Request.GetAll g) {
            if (found == null) {
                found = new HashMap<>(capacityFor(g.keys().size()));
            }
            found.put(valueKey, getAllItem(valueKey, data, valueFlags));
            return ReplyReader.CONTINUE;
        } else if (request instanceof Request.Retrieval) {
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
            return ReplyReader.CONTINUE;
        } else if (request instanceof Request.Meta m) {
            return meta.onData(m, data);
        } else {
            rawLines.add(new String(data, StandardCharsets.UTF_8));
            return rawDataEndsReply ? List.copyOf(rawLines) : ReplyReader.CONTINUE;
        }
    }

    // ---- classic replies

    /**
     * Parses a line of a retrieval's reply.
     *
     * @param keys the request's keys
     * @param command the command word, for messages
     * @param map whether the reply is a {@link Request.GetAll}'s map rather than a list
     */
    private Object retrievalLine(List<String> keys, String command, boolean map) {
        if (line.startsWith("VALUE ")) {
            int keyStart = 6;
            // memcached answers in request order: a VALUE line most often names the key after the last one's
            String next = keyHint < keys.size() ? keys.get(keyHint) : null;
            boolean isNext = next != null && line.isWordAt(next, keyStart);
            int keyEnd = isNext ? keyStart + next.length() : line.tokenEnd(keyStart);
            int flagsEnd = line.tokenEnd(keyEnd + 1);
            int lengthEnd = line.tokenEnd(flagsEnd + 1);
            long flags = line.number(keyEnd + 1, flagsEnd);
            if (flags > 0xffff_ffffL || flags < 0) {
                throw new ProtocolException("flags above 2^32-1: " + line.quoteLine());
            }
            long length = line.number(flagsEnd + 1, lengthEnd);
            long cas = CasItem.NO_CAS;
            if (lengthEnd < line.length()) {
                int casEnd = line.tokenEnd(lengthEnd + 1);
                if (casEnd != line.length()) {
                    throw new ProtocolException("too many fields in a VALUE line: " + line.quoteLine());
                }
                cas = line.number(lengthEnd + 1, casEnd);
            }
            if (keyEnd == keyStart) {
                throw new ProtocolException("empty key in a VALUE line: " + line.quoteLine());
            }
            if (isNext) {
                keyHint++;
                valueKey = next;
            } else {
                valueKey = requestedKey(keys, command, keyStart, keyEnd);
            }
            valueFlags = (int) flags;
            valueCas = cas;
            line.startData(length);
            return ReplyReader.CONTINUE;
        }
        if (line.is("END")) {
            if (map) {
                return found == null ? new HashMap<String, Item>() : found;
            }
            if (items != null) {
                return Collections.unmodifiableList(items);
            }
            return firstItem == null ? List.of() : List.of(firstItem);
        }
        return line.unexpected(command);
    }

    /**
     * Returns the request's key equal to the line's bytes (so that a hit does not build its key
     * again), searching only after the key of the previous {@code VALUE} line: memcached answers the
     * keys in the order they were asked, and leaves misses out. A key the request did not ask for, or
     * asked for earlier, means this is not the reply to this request.
     */
    private String requestedKey(List<String> keys, String command, int from, int to) {
        for (int i = keyHint, size = keys.size(); i < size; i++) {
            if (line.asciiEquals(keys.get(i), from, to)) {
                keyHint = i + 1;
                return keys.get(i);
            }
        }
        throw new ProtocolException("reply for key " + line.quote(from, Math.min(to, from + 250)) + " to "
                + describe(command, keys) + (keyHint == 0 ? "" : " after its key #" + keyHint)
                + ": not the reply to this request");
    }

    private static String describe(String command, List<String> keys) {
        StringBuilder sb = new StringBuilder(command);
        for (int i = 0; i < Math.min(keys.size(), 3); i++) {
            sb.append(' ').append(keys.get(i));
        }
        if (keys.size() > 3) {
            sb.append(" ... (").append(keys.size()).append(" keys)");
        }
        return sb.toString();
    }

    /** The capacity of a {@link HashMap} that holds this many entries without growing. */
    static int capacityFor(int entries) {
        return (int) Math.min(1L << 30, entries * 4L / 3 + 1);
    }

    /** An item of a {@link Request.GetAll}: its key is the request's, already checked. */
    private static Item getAllItem(String requestKey, byte[] value, int flags) {
        return TrustedItems.item(requestKey, value, flags, 0);
    }

    /** An item of a retrieval: its key is the request's, already checked. */
    private static CasItem item(String requestKey, byte[] value, int flags, long cas) {
        return TrustedItems.casItem(requestKey, value, flags, 0, cas);
    }

    private Object storageLine() {
        if (line.is("STORED")) {
            return Request.StoreResult.STORED;
        } else if (line.is("NOT_STORED")) {
            return Request.StoreResult.NOT_STORED;
        } else if (line.is("EXISTS")) {
            return Request.StoreResult.EXISTS;
        } else if (line.is("NOT_FOUND")) {
            return Request.StoreResult.NOT_FOUND;
        }
        return line.unexpected("a storage command");
    }

    private Object statsLine() {
        boolean stat = line.startsWith("STAT ");
        if (stat || line.startsWith("ITEM ")) {
            if (stats == null) {
                stats = new LinkedHashMap<>();
            }
            int nameEnd = line.tokenEnd(5);
            if (nameEnd == 5) {
                throw new ProtocolException("empty statistic name: " + line.quoteLine());
            }
            stats.put(line.text(5, nameEnd), nameEnd < line.length() ? line.text(nameEnd + 1, line.length()) : "");
            return ReplyReader.CONTINUE;
        }
        if (line.is("END") || line.is("OK") || line.is("RESET")) {
            return stats == null ? Map.of() : Collections.unmodifiableMap(stats);
        }
        return line.unexpected("stats");
    }

    // ---- raw lines

    private Object rawLine() {
        if (rawLines == null) {
            rawLines = new ArrayList<>();
        }
        rawLines.add(line.text());
        if (line.startsWith("VALUE ")) {
            int lengthStart = line.tokenEnd(line.tokenEnd(6) + 1) + 1;
            line.startData(line.number(lengthStart, line.tokenEnd(lengthStart)));
            rawDataEndsReply = false;
            return ReplyReader.CONTINUE;
        }
        if (line.startsWith("VA ")) {
            line.startData(line.number(3, line.tokenEnd(3)));
            rawDataEndsReply = true;
            return ReplyReader.CONTINUE;
        }
        if (line.startsWith("STAT ") || line.startsWith("ITEM ") || line.startsWith("PREFIX ")
                || line.startsWith("key=") || line.startsWith("mg ")) {
            return ReplyReader.CONTINUE;
        }
        return List.copyOf(rawLines);
    }
}
