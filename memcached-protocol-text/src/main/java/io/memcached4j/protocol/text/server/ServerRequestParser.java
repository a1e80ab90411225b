package io.memcached4j.protocol.text.server;

import io.memcached4j.protocol.text.server.ServerRequest.StoreMode;
import io.memcached4j.spi.ItemSize;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads memcached text-protocol requests from the bytes a server receives, incrementally: a
 * request may arrive split at any byte, and one buffer may hold many pipelined requests with
 * their data blocks. Every input gets memcached 1.6.18's answer: a parsed request, an error
 * {@link ServerRequest.Reply}, or {@link ServerRequest.Close} where memcached drops the
 * connection. Memory is bounded: a line stops at memcached's limits and a data block is only
 * allocated once its length passed the item size limit.
 *
 * <p>One parser per connection; not thread-safe.
 */
public final class ServerRequestParser {
    /** Keys longer than this are refused, as memcached's {@code KEY_MAX_LENGTH}. */
    public static final int KEY_MAX_LENGTH = 250;
    /** Without a newline after this many bytes, memcached closes the connection unless the line is a get. */
    public static final int LINE_CHECK_LENGTH = 2048;
    /** memcached's read buffer: a non-get line must end within it. */
    public static final int READ_BUFFER_SIZE = 16384;
    /** The bound on a multi-get line (memcached grows its buffer; we stop here and close). */
    public static final int MAX_MULTIGET_LINE = 1 << 20;

    private static final int MAX_TOKENS = 24;
    private static final int INITIAL_DATA_BUFFER = 16 * 1024;
    private static final int META_MAX_TOKENS = 20;
    private static final int MAX_OPAQUE_LENGTH = 32;
    private static final String BAD_FORMAT = "CLIENT_ERROR bad command line format";
    private static final String BAD_TOKEN = "CLIENT_ERROR bad token in command line format";
    private static final String ERROR = "ERROR";

    private enum State { LINE, DATA, SWALLOW, CLOSED }

    /** Builds the request once its data block is complete and valid. */
    private interface DataRequest {
        ServerRequest complete(byte[] value);
    }

    private final int itemSizeMax;
    private State state = State.LINE;
    private byte[] line = new byte[256];
    private int lineLength;
    private byte[] data;
    private int dataFilled;
    private int dataLength;
    private DataRequest pending;
    private String pendingCommand;
    private boolean pendingSilentBadChunk;
    private long swallowRemaining;
    private ServerRequest afterSwallow;

    /**
     * Creates a parser for a server with the given item size limit ({@code -I}).
     *
     * @param itemSizeMax the largest item, header included, in bytes (memcached's default is 1 MiB)
     */
    public ServerRequestParser(int itemSizeMax) {
        if (itemSizeMax < 1024) {
            throw new IllegalArgumentException("item size limit must be at least 1024 bytes: " + itemSizeMax);
        }
        this.itemSizeMax = itemSizeMax;
    }

    /**
     * Tells whether memcached refuses an item as too large: header, key, client flags, value and
     * CAS must fit in the item size limit.
     *
     * @param itemSizeMax the item size limit
     * @param keyLength the key length in bytes
     * @param flags the client flags
     * @param valueLength the value length with its CRLF
     * @return true when memcached answers {@code SERVER_ERROR object too large for cache}
     */
    public static boolean isTooLarge(long itemSizeMax, int keyLength, int flags, long valueLength) {
        return itemTotal(keyLength, flags, valueLength) > itemSizeMax;
    }

    /**
     * The bytes memcached accounts for an item ({@code ITEM_ntotal} with CAS), as {@link ItemSize} counts them.
     *
     * @param keyLength the key length in bytes
     * @param flags the client flags (non-zero flags take 4 bytes)
     * @param valueLength the value length with its CRLF
     * @return the total size
     */
    public static long itemTotal(int keyLength, int flags, long valueLength) {
        return ItemSize.total(keyLength, flags, valueLength - 2);
    }

    /**
     * Consumes bytes from {@code in} until one request is complete.
     *
     * @param in the received bytes; its position advances over what was consumed
     * @return the next request or outcome, or {@code null} when more bytes are needed
     *         (everything in {@code in} was consumed then)
     */
    public ServerRequest next(ByteBuffer in) {
        while (true) {
            switch (state) {
                case CLOSED -> {
                    in.position(in.limit());
                    return null;
                }
                case SWALLOW -> {
                    int n = (int) Math.min(swallowRemaining, in.remaining());
                    in.position(in.position() + n);
                    swallowRemaining -= n;
                    if (swallowRemaining > 0) {
                        return null;
                    }
                    state = State.LINE;
                    ServerRequest result = afterSwallow;
                    afterSwallow = null;
                    return result;
                }
                case DATA -> {
                    int n = Math.min(dataLength - dataFilled, in.remaining());
                    if (dataFilled + n > data.length) {
                        // grow with the bytes that actually arrived, never to a length only declared
                        data = Arrays.copyOf(data, (int) Math.min(dataLength, Math.max(dataFilled + (long) n,
                                data.length * 2L)));
                    }
                    in.get(data, dataFilled, n);
                    dataFilled += n;
                    if (dataFilled < dataLength) {
                        return null;
                    }
                    state = State.LINE;
                    return completeData();
                }
                case LINE -> {
                    ServerRequest request = readLine(in);
                    if (request != null) {
                        return request;
                    }
                    if (state == State.LINE) {
                        return null;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /** @return whether the parser is between requests (no partial line or data block pending) */
    public boolean isIdle() {
        return state == State.LINE && lineLength == 0;
    }

    /** @return the capacity of the data block buffer (for tests of the allocation bound) */
    int dataCapacity() {
        return data == null ? 0 : data.length;
    }

    private ServerRequest readLine(ByteBuffer in) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                int length = lineLength;
                lineLength = 0;
                if (length > 1 && line[length - 1] == '\r') {
                    length--;
                }
                for (int i = 0; i < length; i++) {
                    if (line[i] == 0) {
                        length = i;
                        break;
                    }
                }
                return dispatch(length);
            }
            if (lineLength == line.length) {
                line = Arrays.copyOf(line, line.length * 2);
            }
            line[lineLength++] = b;
            if ((lineLength >= READ_BUFFER_SIZE && !isMultiGetLine()) || lineLength >= MAX_MULTIGET_LINE) {
                return close();
            }
        }
        if (lineLength > LINE_CHECK_LENGTH && !isMultiGetLine()) {
            return close();
        }
        return null;
    }

    private ServerRequest close() {
        state = State.CLOSED;
        lineLength = 0;
        line = new byte[0];
        return new ServerRequest.Close();
    }

    private boolean isMultiGetLine() {
        int i = 0;
        while (i < lineLength && line[i] == ' ') {
            i++;
        }
        return i <= 100 && (startsWith(i, "get ") || startsWith(i, "gets "));
    }

    private boolean startsWith(int from, String prefix) {
        if (lineLength - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (line[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private ServerRequest completeData() {
        byte[] block = data;
        data = null;
        DataRequest builder = pending;
        pending = null;
        int n = block.length;
        if (block[n - 2] != '\r' || block[n - 1] != '\n') {
            return new ServerRequest.Reply(pendingCommand, "CLIENT_ERROR bad data chunk", pendingSilentBadChunk);
        }
        return builder.complete(Arrays.copyOf(block, n - 2));
    }

    private ServerRequest readData(String command, int total, boolean silentBadChunk, DataRequest builder) {
        state = State.DATA;
        data = new byte[Math.min(total, INITIAL_DATA_BUFFER)];
        dataLength = total;
        dataFilled = 0;
        pending = builder;
        pendingCommand = command;
        pendingSilentBadChunk = silentBadChunk;
        return null;
    }

    private ServerRequest swallow(long bytes, ServerRequest then) {
        state = State.SWALLOW;
        swallowRemaining = bytes;
        afterSwallow = then;
        return null;
    }

    // ---- tokenizing, as memcached's tokenize_command: split on ' ' only, at most 24 tokens ----

    /** The tokens of a line; {@code count} is memcached's {@code ntokens} (tokens plus the terminal). */
    private record Tokens(List<String> words) {
        int count() {
            return words.size() + 1;
        }

        String get(int i) {
            return i < words.size() ? words.get(i) : "";
        }
    }

    private Tokens tokenize(int from, int end) {
        List<String> words = new ArrayList<>();
        int s = from;
        int e = from;
        boolean full = false;
        for (; e < end; e++) {
            if (line[e] == ' ') {
                if (s != e) {
                    words.add(text(s, e));
                    if (words.size() == MAX_TOKENS - 1) {
                        e++;
                        s = e;
                        full = true;
                        break;
                    }
                }
                s = e + 1;
            }
        }
        if (!full && s != e) { // the words after the 23rd only count as the terminal token
            words.add(text(s, e));
        }
        return new Tokens(words);
    }

    private List<String> allWords(int from, int end) {
        List<String> words = new ArrayList<>();
        int s = from;
        for (int e = from; e <= end; e++) {
            if (e == end || line[e] == ' ') {
                if (s != e) {
                    words.add(text(s, e));
                }
                s = e + 1;
            }
        }
        return words;
    }

    private String text(int from, int to) {
        return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
    }

    // ---- dispatch, as memcached's process_command_ascii ----

    private ServerRequest dispatch(int length) {
        Tokens t = tokenize(0, length);
        int n = t.count();
        if (n < 2 || t.get(0).length() < 2) {
            return reply("", ERROR);
        }
        String cmd = t.get(0);
        char first = cmd.charAt(0);
        if (first == 'm' && cmd.length() == 2) {
            return switch (cmd.charAt(1)) {
                case 'g' -> metaGetLike(t, "mg");
                case 's' -> metaSet(t);
                case 'd' -> metaGetLike(t, "md");
                case 'a' -> metaGetLike(t, "ma");
                case 'n' -> new ServerRequest.MetaNoop();
                case 'e' -> metaDebug(t);
                default -> reply(cmd, ERROR);
            };
        }
        if (first == 'g') {
            if (n < 3) {
                return reply(cmd, ERROR);
            }
            return switch (cmd) {
                case "get" -> get(t, length, false, false);
                case "gets" -> get(t, length, true, false);
                case "gat" -> get(t, length, false, true);
                case "gats" -> get(t, length, true, true);
                default -> reply(cmd, ERROR);
            };
        }
        switch (cmd) {
            case "set":
                return n == 6 || n == 7 ? update(t, StoreMode.SET) : reply(cmd, ERROR);
            case "add":
                return n == 6 || n == 7 ? update(t, StoreMode.ADD) : reply(cmd, ERROR);
            case "append":
                return n == 6 || n == 7 ? update(t, StoreMode.APPEND) : reply(cmd, ERROR);
            case "replace":
                return n == 6 || n == 7 ? update(t, StoreMode.REPLACE) : reply(cmd, ERROR);
            case "prepend":
                return n == 6 || n == 7 ? update(t, StoreMode.PREPEND) : reply(cmd, ERROR);
            case "cas":
                return n == 7 || n == 8 ? update(t, StoreMode.CAS) : reply(cmd, ERROR);
            case "stats":
                return stats(t);
            case "shutdown":
                return reply(cmd, "ERROR: shutdown not enabled");
            case "slabs":
                return slabs(t);
            case "cache_memlimit":
                return n == 3 || n == 4 ? memlimit(t) : reply(cmd, ERROR);
            case "incr":
                return n == 4 || n == 5 ? arithmetic(t, true) : reply(cmd, ERROR);
            case "decr":
                return n == 4 || n == 5 ? arithmetic(t, false) : reply(cmd, ERROR);
            case "delete":
                return n >= 3 && n <= 5 ? delete(t) : reply(cmd, ERROR);
            case "debugtime":
                return new ServerRequest.DebugTime(t.get(1));
            case "touch":
                return n == 4 || n == 5 ? touch(t) : reply(cmd, ERROR);
            case "bget":
                return n >= 3 ? get(t, length, false, false) : reply(cmd, ERROR);
            case "flush_all":
                return n >= 2 && n <= 4 ? flushAll(t) : reply(cmd, ERROR);
            case "version":
                return new ServerRequest.Version();
            case "quit":
                return new ServerRequest.Quit();
            case "lru_crawler":
                if (n == 4 && t.get(1).equals("metadump")) {
                    return new ServerRequest.MetaDump(t.get(2));
                }
                return new ServerRequest.LruCrawler(t.words().subList(1, t.words().size()));
            case "watch":
                return reply(cmd, "CLIENT_ERROR watch commands not allowed");
            case "verbosity":
                return n == 3 || n == 4 ? verbosity(t) : reply(cmd, ERROR);
            case "lru":
                return n >= 3 ? lru(t) : reply(cmd, ERROR);
            default:
                return reply(cmd, ERROR);
        }
    }

    private static ServerRequest reply(String command, String line) {
        return new ServerRequest.Reply(command, line, false);
    }

    private static ServerRequest reply(String command, String line, boolean silent) {
        return new ServerRequest.Reply(command, line, silent);
    }

    private static boolean noreply(Tokens t) {
        return t.get(t.count() - 2).equals("noreply");
    }

    private ServerRequest get(Tokens t, int length, boolean withCas, boolean touch) {
        String cmd = t.get(0);
        int exptime = 0;
        int firstKey = 1;
        if (touch) {
            Integer parsed = MemcachedNumbers.parseSigned32(t.get(1));
            if (parsed == null) {
                return reply(cmd, "CLIENT_ERROR invalid exptime argument");
            }
            exptime = parsed;
            firstKey = 2;
        }
        List<String> words = allWords(0, length);
        List<String> keys = words.subList(Math.min(firstKey, words.size()), words.size());
        for (String key : keys) {
            if (key.length() > KEY_MAX_LENGTH) {
                return reply(cmd, BAD_FORMAT);
            }
        }
        return new ServerRequest.Get(cmd, withCas, touch, exptime, keys);
    }

    private ServerRequest update(Tokens t, StoreMode mode) {
        String cmd = t.get(0);
        boolean noreply = noreply(t);
        String key = t.get(1);
        if (key.length() > KEY_MAX_LENGTH) {
            return reply(cmd, BAD_FORMAT, noreply);
        }
        Long flags = MemcachedNumbers.parseUnsigned32(t.get(2));
        Integer exptime = MemcachedNumbers.parseSigned32(t.get(3));
        Integer vlen = MemcachedNumbers.parseSigned32(t.get(4));
        if (flags == null || exptime == null || vlen == null) {
            return reply(cmd, BAD_FORMAT, noreply);
        }
        long cas = 0;
        if (mode == StoreMode.CAS) {
            Long parsed = MemcachedNumbers.parseUnsigned64(t.get(5));
            if (parsed == null) {
                return reply(cmd, BAD_FORMAT, noreply);
            }
            cas = parsed;
        }
        if (vlen < 0 || vlen > Integer.MAX_VALUE - 2) {
            return reply(cmd, BAD_FORMAT, noreply);
        }
        int total = vlen + 2;
        int clientFlags = (int) flags.longValue();
        if (isTooLarge(itemSizeMax, key.length(), clientFlags, total)) {
            return swallow(total, new ServerRequest.TooLarge(cmd, mode, key, noreply));
        }
        long compare = cas;
        return readData(cmd, total, noreply,
                value -> new ServerRequest.Store(cmd, mode, key, clientFlags, exptime, compare, value, noreply));
    }

    private ServerRequest delete(Tokens t) {
        int n = t.count();
        boolean noreply = false;
        if (n > 3) {
            boolean holdIsZero = t.get(2).equals("0");
            noreply = noreply(t);
            boolean valid = (n == 4 && (holdIsZero || noreply)) || (n == 5 && holdIsZero && noreply);
            if (!valid) {
                return reply("delete", "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]", noreply);
            }
        }
        String key = t.get(1);
        if (key.length() > KEY_MAX_LENGTH) {
            return reply("delete", BAD_FORMAT, noreply);
        }
        return new ServerRequest.Delete(key, noreply);
    }

    private ServerRequest arithmetic(Tokens t, boolean incr) {
        String cmd = t.get(0);
        boolean noreply = noreply(t);
        String key = t.get(1);
        if (key.length() > KEY_MAX_LENGTH) {
            return reply(cmd, BAD_FORMAT, noreply);
        }
        Long delta = MemcachedNumbers.parseUnsigned64(t.get(2));
        if (delta == null) {
            return reply(cmd, "CLIENT_ERROR invalid numeric delta argument", noreply);
        }
        return new ServerRequest.Arithmetic(incr, key, delta, noreply);
    }

    private ServerRequest touch(Tokens t) {
        boolean noreply = noreply(t);
        String key = t.get(1);
        if (key.length() > KEY_MAX_LENGTH) {
            return reply("touch", BAD_FORMAT, noreply);
        }
        Integer exptime = MemcachedNumbers.parseSigned32(t.get(2));
        if (exptime == null) {
            return reply("touch", "CLIENT_ERROR invalid exptime argument", noreply);
        }
        return new ServerRequest.Touch(key, exptime, noreply);
    }

    private ServerRequest flushAll(Tokens t) {
        boolean noreply = noreply(t);
        int delay = 0;
        if (t.count() != (noreply ? 3 : 2)) {
            Integer parsed = MemcachedNumbers.parseSigned32(t.get(1));
            if (parsed == null) {
                return reply("flush_all", "CLIENT_ERROR invalid exptime argument", noreply);
            }
            delay = parsed;
        }
        return new ServerRequest.FlushAll(delay, noreply);
    }

    private ServerRequest verbosity(Tokens t) {
        boolean noreply = noreply(t);
        Long level = MemcachedNumbers.parseUnsigned32(t.get(1));
        if (level == null) {
            return reply("verbosity", BAD_FORMAT, noreply);
        }
        return new ServerRequest.Verbosity(level, noreply);
    }

    private ServerRequest stats(Tokens t) {
        int n = t.count();
        List<String> args = t.words().subList(1, t.words().size());
        if (n == 2) {
            return new ServerRequest.Stats(args);
        }
        switch (t.get(1)) {
            case "detail":
                if (n < 4) {
                    return reply("stats", "CLIENT_ERROR usage: stats detail on|off|dump");
                }
                return switch (t.get(2)) {
                    case "on", "off" -> reply("stats", "OK");
                    case "dump" -> reply("stats", "END");
                    default -> reply("stats", "CLIENT_ERROR usage: stats detail on|off|dump");
                };
            case "cachedump":
                if (n < 5) {
                    return reply("stats", "CLIENT_ERROR bad command line");
                }
                Long id = MemcachedNumbers.parseUnsigned32(t.get(2));
                Long limit = MemcachedNumbers.parseUnsigned32(t.get(3));
                if (id == null || limit == null) {
                    return reply("stats", BAD_FORMAT);
                }
                if (id >= 64) {
                    return reply("stats", "CLIENT_ERROR Illegal slab id");
                }
                return new ServerRequest.CacheDump(id.intValue(), limit);
            default:
                return new ServerRequest.Stats(args);
        }
    }

    private ServerRequest slabs(Tokens t) {
        int n = t.count();
        if (n == 5 && t.get(1).equals("reassign")) {
            if (MemcachedNumbers.parseSigned32(t.get(2)) == null || MemcachedNumbers.parseSigned32(t.get(3)) == null) {
                return reply("slabs", BAD_FORMAT);
            }
            return reply("slabs", "NOSPARE source class has no spare pages");
        }
        if (n >= 4 && t.get(1).equals("automove")) {
            boolean noreply = noreply(t);
            if (t.get(2).equals("ratio")) {
                return reply("slabs", n < 5 || !isDouble(t.get(3)) ? ERROR : "OK", noreply);
            }
            Long level = MemcachedNumbers.parseUnsigned32(t.get(2));
            if (level == null) {
                return reply("slabs", BAD_FORMAT, noreply);
            }
            return reply("slabs", level <= 2 ? "OK" : ERROR, noreply);
        }
        return reply("slabs", ERROR);
    }

    private ServerRequest memlimit(Tokens t) {
        boolean noreply = noreply(t);
        Long limit = MemcachedNumbers.parseUnsigned32(t.get(1));
        if (limit == null) {
            return reply("cache_memlimit", ERROR, noreply);
        }
        if (limit < 8) {
            return reply("cache_memlimit", "MEMLIMIT_TOO_SMALL cannot set maxbytes to less than 8m", noreply);
        }
        if (limit > 1_000_000_000L) {
            return reply("cache_memlimit", "MEMLIMIT_ADJUST_FAILED input value is megabytes not bytes", noreply);
        }
        return reply("cache_memlimit", "OK", noreply);
    }

    private ServerRequest lru(Tokens t) {
        int n = t.count();
        boolean noreply = noreply(t);
        String sub = t.get(1);
        if (sub.equals("tune") && n >= 7) {
            Long hot = MemcachedNumbers.parseUnsigned32(t.get(2));
            Long warm = MemcachedNumbers.parseUnsigned32(t.get(3));
            if (hot == null || warm == null || !isDouble(t.get(4)) || !isDouble(t.get(5))) {
                return reply("lru", ERROR, noreply);
            }
            if (hot + warm > 80) {
                return reply("lru", "ERROR hot and warm pcts must not exceed 80", noreply);
            }
            if (Double.parseDouble(t.get(4)) <= 0 || Double.parseDouble(t.get(5)) <= 0) {
                return reply("lru", "ERROR hot/warm age factors must be greater than 0", noreply);
            }
            return reply("lru", "OK", noreply);
        }
        if (sub.equals("mode") && n >= 4) {
            String mode = t.get(2);
            return reply("lru", mode.equals("flat") || mode.equals("segmented") ? "OK" : ERROR, noreply);
        }
        if (sub.equals("temp_ttl") && n >= 4) {
            return reply("lru", MemcachedNumbers.parseSigned32(t.get(2)) == null ? ERROR : "OK", noreply);
        }
        return reply("lru", ERROR, noreply);
    }

    private static boolean isDouble(String token) {
        if (token.isEmpty() || !(Character.isDigit(token.charAt(0)) || token.charAt(0) == '-'
                || token.charAt(0) == '+' || token.charAt(0) == '.')) {
            return false;
        }
        try {
            Double.parseDouble(token);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    // ---- meta commands ----

    /** The result of memcached's flag pre-parse. */
    private static final class Preparse {
        String error;
        boolean fatal;
        String key;
        boolean quiet;
        boolean base64;
        boolean value;
        boolean noBump;
        boolean invalidate;
        Integer ttl;
        Integer vivify;
        Integer recache;
        int clientFlags;
        Long cas;
        char mode;
        long initial;
        Long delta;

        MetaOptions options() {
            return new MetaOptions(quiet, base64, value, noBump, invalidate, ttl, vivify, recache, clientFlags, cas,
                    mode, initial, delta);
        }
    }

    private static Preparse preparse(Tokens t, int start) {
        Preparse p = new Preparse();
        p.key = t.get(1);
        boolean[] seen = new boolean[127];
        boolean hasError = false;
        for (int i = start; i < t.count() - 1; i++) {
            String token = t.get(i);
            char o = token.charAt(0);
            if (o >= 127 || seen[o]) {
                p.error = "CLIENT_ERROR duplicate flag";
                p.fatal = true;
                return p;
            }
            seen[o] = true;
            String arg = token.substring(1);
            switch (o) {
                case 'b' -> {
                    String decoded = decodeBase64(t.get(1));
                    if (decoded == null) {
                        p.error = "CLIENT_ERROR error decoding key";
                        hasError = true;
                        p.key = "";
                    } else {
                        p.key = decoded;
                    }
                    p.base64 = true;
                }
                case 'N' -> {
                    p.vivify = MemcachedNumbers.parseSigned32(arg);
                    if (p.vivify == null) {
                        p.error = BAD_TOKEN;
                        hasError = true;
                    }
                }
                case 'T' -> {
                    p.ttl = MemcachedNumbers.parseSigned32(arg);
                    if (p.ttl == null) {
                        p.error = BAD_TOKEN;
                        hasError = true;
                    }
                }
                case 'R' -> {
                    p.recache = MemcachedNumbers.parseSigned32(arg);
                    if (p.recache == null) {
                        p.error = BAD_TOKEN;
                        hasError = true;
                    }
                }
                case 'l', 'O', 'P', 'L', 'k', 's', 't', 'c', 'f', 'h' -> {
                    // known; they only shape the reply
                }
                case 'v' -> p.value = true;
                case 'u' -> p.noBump = true;
                case 'q' -> p.quiet = true;
                case 'I' -> p.invalidate = true;
                case 'F' -> {
                    Long flags = MemcachedNumbers.parseUnsigned32(arg);
                    if (flags == null) {
                        hasError = true;
                    } else {
                        p.clientFlags = (int) flags.longValue();
                    }
                }
                case 'C' -> {
                    p.cas = MemcachedNumbers.parseUnsigned64(arg);
                    if (p.cas == null) {
                        p.error = BAD_TOKEN;
                        hasError = true;
                    }
                }
                case 'M' -> {
                    if (token.length() != 2) {
                        p.error = "CLIENT_ERROR incorrect length for M token";
                        hasError = true;
                    } else {
                        p.mode = token.charAt(1);
                    }
                }
                case 'J' -> {
                    Long initial = MemcachedNumbers.parseUnsigned64(arg);
                    if (initial == null) {
                        p.error = "CLIENT_ERROR invalid numeric initial value";
                        hasError = true;
                    } else {
                        p.initial = initial;
                    }
                }
                case 'D' -> {
                    p.delta = MemcachedNumbers.parseUnsigned64(arg);
                    if (p.delta == null) {
                        p.error = "CLIENT_ERROR invalid numeric delta value";
                        hasError = true;
                    }
                }
                default -> {
                    p.error = "CLIENT_ERROR invalid flag";
                    p.fatal = true;
                    return p;
                }
            }
        }
        if (hasError && p.error == null) {
            p.error = BAD_FORMAT;
        }
        return p;
    }

    private static final String BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /**
     * Decodes like memcached's {@code base64_decode}: characters outside the alphabet are
     * skipped, the rest must come in groups of four, and up to two {@code =} end the value.
     *
     * @return the decoded key, or null where memcached's decoder returns 0
     */
    static String decodeBase64(String encoded) {
        int count = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '=' || BASE64_ALPHABET.indexOf(c) >= 0) {
                count++;
            }
        }
        if (count == 0 || count % 4 != 0) {
            return null;
        }
        StringBuilder out = new StringBuilder(count / 4 * 3);
        int[] block = new int[4];
        int filled = 0;
        int pad = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            int value = c == '=' ? 0 : BASE64_ALPHABET.indexOf(c);
            if (value < 0) {
                continue;
            }
            if (c == '=') {
                pad++;
            }
            block[filled++] = value;
            if (filled == 4) {
                out.append((char) (((block[0] << 2) | (block[1] >> 4)) & 0xFF));
                out.append((char) (((block[1] << 4) | (block[2] >> 2)) & 0xFF));
                out.append((char) (((block[2] << 6) | block[3]) & 0xFF));
                filled = 0;
                if (pad > 0) {
                    if (pad > 2) {
                        return null;
                    }
                    out.setLength(out.length() - pad);
                    break;
                }
            }
        }
        return out.length() == 0 ? null : out.toString();
    }

    private static String opaqueTooLong(Tokens t, int start) {
        for (int i = start; i < t.count() - 1; i++) {
            String token = t.get(i);
            if (token.charAt(0) == 'O' && token.length() > MAX_OPAQUE_LENGTH) {
                return "CLIENT_ERROR opaque token too long";
            }
        }
        return null;
    }

    private ServerRequest metaGetLike(Tokens t, String cmd) {
        int n = t.count();
        if (n < 3) {
            return reply(cmd, ERROR);
        }
        if (t.get(1).length() > KEY_MAX_LENGTH) {
            return reply(cmd, BAD_FORMAT);
        }
        if (n > META_MAX_TOKENS) {
            return reply(cmd, cmd.equals("mg") ? "CLIENT_ERROR options flags are too long"
                    : "CLIENT_ERROR options flags too long");
        }
        Preparse p = preparse(t, 2);
        if (p.error != null) {
            return reply(cmd, cmd.equals("mg") ? p.error : "CLIENT_ERROR invalid or duplicate flag");
        }
        if (cmd.equals("ma") && p.mode != 0 && "I+D-".indexOf(p.mode) < 0) {
            return reply(cmd, "CLIENT_ERROR invalid mode for ma M token");
        }
        String opaqueError = opaqueTooLong(t, 2);
        if (opaqueError != null) {
            return reply(cmd, opaqueError);
        }
        return new ServerRequest.Meta(cmd, p.key, t.words().subList(2, t.words().size()), p.options(), null);
    }

    private ServerRequest metaSet(Tokens t) {
        int n = t.count();
        if (n < 3) {
            return reply("ms", ERROR);
        }
        if (t.get(1).length() > KEY_MAX_LENGTH || n == 3) {
            return reply("ms", BAD_FORMAT);
        }
        if (n > META_MAX_TOKENS) {
            return reply("ms", "CLIENT_ERROR options flags too long");
        }
        Integer vlen = MemcachedNumbers.parseSigned32(t.get(2));
        if (vlen == null || vlen < 0 || vlen > Integer.MAX_VALUE - 2) {
            return reply("ms", BAD_FORMAT);
        }
        int total = vlen + 2;
        Preparse p = preparse(t, 3);
        if (p.error != null) {
            return swallow(total, reply("ms", p.error));
        }
        String opaqueError = opaqueTooLong(t, 3);
        if (opaqueError != null) {
            return swallow(total, reply("ms", opaqueError));
        }
        StoreMode mode = switch (p.mode) {
            case 0, 'S' -> StoreMode.SET;
            case 'E' -> StoreMode.ADD;
            case 'A' -> StoreMode.APPEND;
            case 'P' -> StoreMode.PREPEND;
            case 'R' -> StoreMode.REPLACE;
            default -> null;
        };
        if (mode == null) {
            return swallow(total, reply("ms", "CLIENT_ERROR invalid mode for ms M token"));
        }
        String key = p.key;
        if (isTooLarge(itemSizeMax, key.length(), p.clientFlags, total)) {
            return swallow(total, new ServerRequest.TooLarge("ms", mode, key, false));
        }
        List<String> flags = t.words().subList(3, t.words().size());
        MetaOptions options = p.options();
        return readData("ms", total, false, value -> new ServerRequest.Meta("ms", key, flags, options, value));
    }

    private ServerRequest metaDebug(Tokens t) {
        int n = t.count();
        if (n < 3 || t.get(1).length() > KEY_MAX_LENGTH) {
            return reply("me", BAD_FORMAT);
        }
        String key = t.get(1);
        boolean base64 = n >= 4 && t.get(2).equals("b");
        if (base64) {
            key = decodeBase64(key);
            if (key == null) {
                return reply("me", BAD_FORMAT);
            }
        }
        return new ServerRequest.MetaDebug(key, base64);
    }
}
