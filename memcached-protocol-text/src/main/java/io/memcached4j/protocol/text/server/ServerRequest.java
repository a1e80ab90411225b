package io.memcached4j.protocol.text.server;

import java.util.List;
import java.util.Objects;

/**
 * One request read by {@link ServerRequestParser}, or one protocol outcome memcached produces
 * without consulting its cache (an error line, or closing the connection). Keys are Latin-1
 * strings: one {@code char} per byte, so any byte sequence memcached accepts survives intact.
 */
public sealed interface ServerRequest {

    /** @return the command word as the client sent it ({@code "get"}, {@code "ms"}, ...), or a pseudo name for outcomes */
    String command();

    /** How a storage command stores: memcached's {@code NREAD_*} modes. */
    enum StoreMode {
        /** {@code set}: store unconditionally. */
        SET,
        /** {@code add}: store only if absent. */
        ADD,
        /** {@code replace}: store only if present. */
        REPLACE,
        /** {@code append}: add the data after the existing value. */
        APPEND,
        /** {@code prepend}: add the data before the existing value. */
        PREPEND,
        /** {@code cas}: store only if the CAS value matches. */
        CAS
    }

    /**
     * {@code get}, {@code gets}, {@code gat}, {@code gats} (and the ancient {@code bget}).
     *
     * @param command the command word
     * @param withCas whether replies carry the CAS value
     * @param touch whether the items get a new expiration ({@code gat}/{@code gats})
     * @param exptime the raw expiration argument of {@code gat}/{@code gats}, 0 otherwise
     * @param keys the keys, at least one
     */
    record Get(String command, boolean withCas, boolean touch, int exptime, List<String> keys) implements ServerRequest {
        /** Copies the keys. */
        public Get {
            keys = List.copyOf(keys);
        }
    }

    /**
     * A storage command with its data block (without the trailing CRLF).
     *
     * @param command the command word
     * @param mode how to store
     * @param key the key
     * @param flags the client flags (unsigned 32-bit)
     * @param exptime the raw expiration argument
     * @param cas the compare value of {@code cas}, 0 otherwise
     * @param data the value
     * @param noreply whether the reply is suppressed
     */
    record Store(String command, StoreMode mode, String key, int flags, int exptime, long cas, byte[] data,
                 boolean noreply) implements ServerRequest {
        /** Checks the required parts. */
        public Store {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * A storage command whose value is larger than the item size limit; memcached swallowed its
     * data block and answers {@code SERVER_ERROR object too large for cache}.
     *
     * @param command the command word ({@code ms} for meta set)
     * @param mode how it would have stored
     * @param key the key (a {@code set} removes the old value)
     * @param noreply whether the reply is suppressed
     */
    record TooLarge(String command, StoreMode mode, String key, boolean noreply) implements ServerRequest {
    }

    /**
     * {@code delete key [0] [noreply]}.
     *
     * @param key the key
     * @param noreply whether the reply is suppressed
     */
    record Delete(String key, boolean noreply) implements ServerRequest {
        @Override
        public String command() {
            return "delete";
        }
    }

    /**
     * {@code incr} or {@code decr}.
     *
     * @param incr true for {@code incr}
     * @param key the key
     * @param delta the unsigned 64-bit delta
     * @param noreply whether the reply is suppressed
     */
    record Arithmetic(boolean incr, String key, long delta, boolean noreply) implements ServerRequest {
        @Override
        public String command() {
            return incr ? "incr" : "decr";
        }
    }

    /**
     * {@code touch key exptime [noreply]}.
     *
     * @param key the key
     * @param exptime the raw expiration argument
     * @param noreply whether the reply is suppressed
     */
    record Touch(String key, int exptime, boolean noreply) implements ServerRequest {
        @Override
        public String command() {
            return "touch";
        }
    }

    /**
     * {@code flush_all [delay] [noreply]}.
     *
     * @param delay the raw delay argument, 0 when absent
     * @param noreply whether the reply is suppressed
     */
    record FlushAll(int delay, boolean noreply) implements ServerRequest {
        @Override
        public String command() {
            return "flush_all";
        }
    }

    /**
     * {@code verbosity level [noreply]} with a valid level.
     *
     * @param level the level
     * @param noreply whether the reply is suppressed
     */
    record Verbosity(long level, boolean noreply) implements ServerRequest {
        @Override
        public String command() {
            return "verbosity";
        }
    }

    /** {@code version}. */
    record Version() implements ServerRequest {
        @Override
        public String command() {
            return "version";
        }
    }

    /** {@code quit}: the server closes the connection after the replies before it. */
    record Quit() implements ServerRequest {
        @Override
        public String command() {
            return "quit";
        }
    }

    /**
     * {@code stats [group ...]}; the engine knows the groups.
     *
     * @param args the words after {@code stats}, possibly none
     */
    record Stats(List<String> args) implements ServerRequest {
        /** Copies the arguments. */
        public Stats {
            args = List.copyOf(args);
        }

        @Override
        public String command() {
            return "stats";
        }
    }

    /**
     * {@code lru_crawler ...}; {@code metadump} requests are {@link MetaDump}.
     *
     * @param args the words after {@code lru_crawler}
     */
    record LruCrawler(List<String> args) implements ServerRequest {
        /** Copies the arguments. */
        public LruCrawler {
            args = List.copyOf(args);
        }

        @Override
        public String command() {
            return "lru_crawler";
        }
    }

    /**
     * {@code lru_crawler metadump all|hash|id[,id...]}.
     *
     * @param selector the selector word as sent
     */
    record MetaDump(String selector) implements ServerRequest {
        @Override
        public String command() {
            return "lru_crawler";
        }
    }

    /**
     * {@code debugtime N|p|r}, memcached's debug-build clock control.
     *
     * @param argument the word after {@code debugtime}
     */
    record DebugTime(String argument) implements ServerRequest {
        @Override
        public String command() {
            return "debugtime";
        }
    }

    /**
     * {@code mn}: answers {@code MN}.
     */
    record MetaNoop() implements ServerRequest {
        @Override
        public String command() {
            return "mn";
        }
    }

    /**
     * {@code me key [b]}: describes an item.
     *
     * @param key the key, decoded when it was base64
     * @param base64 whether the key was sent in base64
     */
    record MetaDebug(String key, boolean base64) implements ServerRequest {
        @Override
        public String command() {
            return "me";
        }
    }

    /**
     * {@code mg}, {@code ms}, {@code md} or {@code ma} with validated flags.
     *
     * @param command the command word
     * @param key the key, decoded when the {@code b} flag was given
     * @param flags the flag tokens in request order (for {@code ms}, those after the data length)
     * @param options the flags' parsed values
     * @param data the value of {@code ms} (without CRLF), null for the other commands
     */
    record Meta(String command, String key, List<String> flags, MetaOptions options, byte[] data)
            implements ServerRequest {
        /** Copies the flags. */
        public Meta {
            Objects.requireNonNull(key, "key");
            flags = List.copyOf(flags);
            Objects.requireNonNull(options, "options");
        }
    }

    /**
     * A line memcached answers without looking at its cache: {@code ERROR}, a
     * {@code CLIENT_ERROR ...}, and so on. The reply is the line followed by CRLF, unless
     * {@code silent} (a {@code noreply} command).
     *
     * @param command the command word, or an empty string
     * @param reply the reply line without CRLF
     * @param silent whether memcached suppresses it
     */
    record Reply(String command, String reply, boolean silent) implements ServerRequest {
    }

    /**
     * {@code stats cachedump id limit} with valid numbers.
     *
     * @param slabClass the slab class id, below 64
     * @param limit the maximum number of items, 0 for all
     */
    record CacheDump(int slabClass, long limit) implements ServerRequest {
        @Override
        public String command() {
            return "stats";
        }
    }

    /**
     * Memcached closes the connection without a reply, dropping the replies it has not sent yet
     * (a line with no end, or a request line of HTTP such as {@code GET / HTTP/1.1}).
     */
    record Close() implements ServerRequest {
        @Override
        public String command() {
            return "";
        }
    }
}
