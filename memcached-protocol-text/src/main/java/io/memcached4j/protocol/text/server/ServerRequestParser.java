package io.memcached4j.protocol.text.server;

import static io.memcached4j.protocol.text.server.EarlyReplies.ERROR;
import static io.memcached4j.protocol.text.server.EarlyReplies.reply;

import io.memcached4j.protocol.text.server.ServerRequest.StoreMode;
import io.memcached4j.spi.ItemSize;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads memcached text-protocol requests from the bytes a server receives, incrementally: a
 * request may arrive split at any byte, and one buffer may hold many pipelined requests with
 * their data blocks. Every input gets memcached 1.6.18's answer: a parsed request, an error
 * {@link ServerRequest.Reply}, or {@link ServerRequest.Close} where memcached drops the
 * connection. Memory is bounded: a line stops at memcached's limits and a data block is only
 * allocated once its length passed the item size limit.
 *
 * <p>This class frames the bytes into lines and data blocks and routes each line by its command, as
 * memcached's {@code process_command_ascii} does; {@link ClassicCommandParser} and
 * {@link MetaCommandParser} parse the lines of their commands. One parser per connection; not
 * thread-safe.
 */
public final class ServerRequestParser {
    /** Without a newline after this many bytes, memcached closes the connection unless the line is a get. */
    public static final int LINE_CHECK_LENGTH = 2048;
    /** memcached's read buffer: a non-get line must end within it. */
    public static final int READ_BUFFER_SIZE = 16384;
    /** The bound on a multi-get line (memcached grows its buffer; we stop here and close). */
    public static final int MAX_MULTIGET_LINE = 1 << 20;

    private static final int INITIAL_DATA_BUFFER = 16 * 1024;

    private enum State { LINE, DATA, SWALLOW, CLOSED }

    private final ClassicCommandParser classic;
    private final MetaCommandParser meta;
    private State state = State.LINE;
    private byte[] line = new byte[256];
    private int lineLength;
    private byte[] data;
    private int dataFilled;
    private int dataLength;
    private DataBlocks.Builder pending;
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
        DataBlocks blocks = new Blocks();
        this.classic = new ClassicCommandParser(itemSizeMax, blocks);
        this.meta = new MetaCommandParser(itemSizeMax, blocks);
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
        DataBlocks.Builder builder = pending;
        pending = null;
        int n = block.length;
        if (block[n - 2] != '\r' || block[n - 1] != '\n') {
            return new ServerRequest.Reply(pendingCommand, "CLIENT_ERROR bad data chunk", pendingSilentBadChunk);
        }
        return builder.complete(Arrays.copyOf(block, n - 2));
    }

    /** The framing's side of {@link DataBlocks}: the next bytes are a data block. */
    private final class Blocks implements DataBlocks {
        @Override
        public ServerRequest read(String command, int total, boolean silentBadChunk, Builder builder) {
            state = State.DATA;
            data = new byte[Math.min(total, INITIAL_DATA_BUFFER)];
            dataLength = total;
            dataFilled = 0;
            pending = builder;
            pendingCommand = command;
            pendingSilentBadChunk = silentBadChunk;
            return null;
        }

        @Override
        public ServerRequest skip(long bytes, ServerRequest then) {
            state = State.SWALLOW;
            swallowRemaining = bytes;
            afterSwallow = then;
            return null;
        }
    }

    // ---- dispatch, as memcached's process_command_ascii ----

    private ServerRequest dispatch(int length) {
        CommandLine t = new CommandLine(line, length);
        int n = t.count();
        if (n < 2 || t.get(0).length() < 2) {
            return reply("", ERROR);
        }
        String cmd = t.get(0);
        char first = cmd.charAt(0);
        if (first == 'm' && cmd.length() == 2) {
            return switch (cmd.charAt(1)) {
                case 'g' -> meta.getLike(t, "mg");
                case 's' -> meta.set(t);
                case 'd' -> meta.getLike(t, "md");
                case 'a' -> meta.getLike(t, "ma");
                case 'n' -> new ServerRequest.MetaNoop();
                case 'e' -> meta.debug(t);
                default -> reply(cmd, ERROR);
            };
        }
        if (first == 'g') {
            if (n < 3) {
                return reply(cmd, ERROR);
            }
            return switch (cmd) {
                case "get" -> classic.get(t, false, false);
                case "gets" -> classic.get(t, true, false);
                case "gat" -> classic.get(t, false, true);
                case "gats" -> classic.get(t, true, true);
                default -> reply(cmd, ERROR);
            };
        }
        switch (cmd) {
            case "set":
                return n == 6 || n == 7 ? classic.update(t, StoreMode.SET) : reply(cmd, ERROR);
            case "add":
                return n == 6 || n == 7 ? classic.update(t, StoreMode.ADD) : reply(cmd, ERROR);
            case "append":
                return n == 6 || n == 7 ? classic.update(t, StoreMode.APPEND) : reply(cmd, ERROR);
            case "replace":
                return n == 6 || n == 7 ? classic.update(t, StoreMode.REPLACE) : reply(cmd, ERROR);
            case "prepend":
                return n == 6 || n == 7 ? classic.update(t, StoreMode.PREPEND) : reply(cmd, ERROR);
            case "cas":
                return n == 7 || n == 8 ? classic.update(t, StoreMode.CAS) : reply(cmd, ERROR);
            case "stats":
                return classic.stats(t);
            case "shutdown":
                return reply(cmd, "ERROR: shutdown not enabled");
            case "slabs":
                return classic.slabs(t);
            case "cache_memlimit":
                return n == 3 || n == 4 ? classic.memlimit(t) : reply(cmd, ERROR);
            case "incr":
                return n == 4 || n == 5 ? classic.arithmetic(t, true) : reply(cmd, ERROR);
            case "decr":
                return n == 4 || n == 5 ? classic.arithmetic(t, false) : reply(cmd, ERROR);
            case "delete":
                return n >= 3 && n <= 5 ? classic.delete(t) : reply(cmd, ERROR);
            case "debugtime":
                return new ServerRequest.DebugTime(t.get(1));
            case "touch":
                return n == 4 || n == 5 ? classic.touch(t) : reply(cmd, ERROR);
            case "bget":
                return n >= 3 ? classic.get(t, false, false) : reply(cmd, ERROR);
            case "flush_all":
                return n >= 2 && n <= 4 ? classic.flushAll(t) : reply(cmd, ERROR);
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
                return n == 3 || n == 4 ? classic.verbosity(t) : reply(cmd, ERROR);
            case "lru":
                return n >= 3 ? classic.lru(t) : reply(cmd, ERROR);
            default:
                // a request line of HTTP ("GET / HTTP/1.1"): memcached hangs up without a word
                return t.get(n - 2).startsWith("HTTP/") ? close() : reply(cmd, ERROR);
        }
    }
}
