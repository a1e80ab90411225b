package io.memcached4j.core.codec;

import io.memcached4j.CasItem;
import io.memcached4j.Item;
import io.memcached4j.MetaCommand;
import io.memcached4j.MetaRequest;
import io.memcached4j.MetaResponse;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One request a transport hands to a {@link ProtocolCodec}; {@code R} is the type the decoder
 * returns for its reply. Requests are built after validation: their keys follow
 * {@link io.memcached4j.Keys} and values respect the item size limit.
 *
 * @param <R> the reply type
 */
public sealed interface Request<R> {

    /**
     * Tells whether the server answers this request; {@code noreply} storage commands and
     * {@code quit} do not.
     *
     * @return true when a reply is expected
     */
    default boolean expectsReply() {
        return true;
    }

    /**
     * Returns the key that routes this request to a server.
     *
     * @return the key, or null for requests that are not about one key
     */
    default String routingKey() {
        return null;
    }

    /** The retrieval commands. */
    enum RetrievalCommand {
        /** {@code get}. */
        GET("get"),
        /** {@code gets}: with CAS tokens. */
        GETS("gets"),
        /** {@code gat}: get and touch. */
        GAT("gat"),
        /** {@code gats}: get and touch, with CAS tokens. */
        GATS("gats");

        private final String token;

        RetrievalCommand(String token) {
            this.token = token;
        }

        /** @return the command word */
        public String token() {
            return token;
        }

        /** @return whether the command takes an expiration */
        public boolean touches() {
            return this == GAT || this == GATS;
        }
    }

    /** The storage commands. */
    enum StorageCommand {
        /** {@code set}. */
        SET("set"),
        /** {@code add}. */
        ADD("add"),
        /** {@code replace}. */
        REPLACE("replace"),
        /** {@code append}. */
        APPEND("append"),
        /** {@code prepend}. */
        PREPEND("prepend"),
        /** {@code cas}. */
        CAS("cas");

        private final String token;

        StorageCommand(String token) {
            this.token = token;
        }

        /** @return the command word */
        public String token() {
            return token;
        }
    }

    /** The reply of a storage command. */
    enum StoreResult {
        /** {@code STORED}. */
        STORED,
        /** {@code NOT_STORED}: the add/replace/append/prepend condition failed. */
        NOT_STORED,
        /** {@code EXISTS}: the CAS token did not match. */
        EXISTS,
        /** {@code NOT_FOUND}: the item of a cas is gone. */
        NOT_FOUND
    }

    /**
     * {@code get}, {@code gets}, {@code gat} or {@code gats} of one or more keys. Reply: the items
     * found, in the server's order, with {@link CasItem#NO_CAS} for get and gat; the expiration of
     * returned items is 0 (memcached does not report it).
     *
     * @param command the command
     * @param keys the keys, at least one, each already checked with {@link io.memcached4j.Keys#requireValid}
     *             (the decoder makes the items under these strings without checking them again)
     * @param expiration the new expiration for gat/gats, ignored otherwise
     */
    record Retrieval(RetrievalCommand command, List<String> keys, int expiration) implements Request<List<CasItem>> {
        /**
         * Validates the request.
         *
         * @param command the command
         * @param keys the keys
         * @param expiration the expiration
         */
        public Retrieval {
            Objects.requireNonNull(command, "command");
            keys = retrievalKeys(keys);
        }

        @Override
        public String routingKey() {
            return keys.get(0);
        }
    }

    /**
     * {@code get} of one or more distinct keys, decoded straight into the result of
     * {@link io.memcached4j.MemcachedClient#getAll}: the reply is a mutable {@link java.util.HashMap}
     * of the items found by key, sized for every key, with the request's own key strings and an
     * expiration of 0; no intermediate item or list is made. The {@code VALUE} lines are checked as a
     * {@link Retrieval}'s: requested keys, in request order, each at most once.
     *
     * @param keys the keys, at least one, without repeats (a repeated key's second value would be a
     *             desync), each already checked as a {@link Retrieval}'s; an immutable list is kept as
     *             it is, any other copied
     */
    record GetAll(List<String> keys) implements Request<Map<String, Item>> {
        /**
         * Validates the request.
         *
         * @param keys the keys
         */
        public GetAll {
            keys = retrievalKeys(keys);
        }

        @Override
        public String routingKey() {
            return keys.get(0);
        }
    }

    /** The keys of a retrieval: an immutable list, at least one key. */
    private static List<String> retrievalKeys(List<String> keys) {
        List<String> copy = List.copyOf(keys);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a retrieval needs at least one key");
        }
        return copy;
    }

    /**
     * A storage command. Reply: a {@link StoreResult}, or null with {@code noreply}.
     *
     * @param command the command
     * @param key the key
     * @param value the data block
     * @param flags the client flags (unsigned 32-bit)
     * @param expiration the expiration
     * @param cas the CAS token, for {@link StorageCommand#CAS} only
     * @param noreply whether the server should not answer
     */
    record Storage(StorageCommand command, String key, byte[] value, int flags, int expiration, long cas,
                   boolean noreply) implements Request<StoreResult> {
        /**
         * Validates the request.
         *
         * @param command the command
         * @param key the key
         * @param value the value
         * @param flags the flags
         * @param expiration the expiration
         * @param cas the token
         * @param noreply whether quiet
         */
        public Storage {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean expectsReply() {
            return !noreply;
        }

        @Override
        public String routingKey() {
            return key;
        }
    }

    /**
     * {@code delete}. Reply: true for {@code DELETED}, false for {@code NOT_FOUND}.
     *
     * @param key the key
     * @param noreply whether the server should not answer
     */
    record Deletion(String key, boolean noreply) implements Request<Boolean> {
        /**
         * Validates the request.
         *
         * @param key the key
         * @param noreply whether quiet
         */
        public Deletion {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public boolean expectsReply() {
            return !noreply;
        }

        @Override
        public String routingKey() {
            return key;
        }
    }

    /**
     * {@code incr} or {@code decr}. Reply: the new unsigned value, or empty for {@code NOT_FOUND}.
     *
     * @param increment true for incr, false for decr
     * @param key the key
     * @param delta the unsigned delta
     * @param noreply whether the server should not answer
     */
    record Arithmetic(boolean increment, String key, long delta, boolean noreply) implements Request<OptionalLong> {
        /**
         * Validates the request.
         *
         * @param increment incr or decr
         * @param key the key
         * @param delta the delta
         * @param noreply whether quiet
         */
        public Arithmetic {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public boolean expectsReply() {
            return !noreply;
        }

        @Override
        public String routingKey() {
            return key;
        }
    }

    /**
     * {@code touch}. Reply: true for {@code TOUCHED}, false for {@code NOT_FOUND}.
     *
     * @param key the key
     * @param expiration the new expiration
     * @param noreply whether the server should not answer
     */
    record Touch(String key, int expiration, boolean noreply) implements Request<Boolean> {
        /**
         * Validates the request.
         *
         * @param key the key
         * @param expiration the expiration
         * @param noreply whether quiet
         */
        public Touch {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public boolean expectsReply() {
            return !noreply;
        }

        @Override
        public String routingKey() {
            return key;
        }
    }

    /**
     * {@code flush_all [delay]}. Reply: null after {@code OK}.
     *
     * @param delaySeconds the delay, 0 for none (then omitted)
     * @param noreply whether the server should not answer
     */
    record FlushAll(int delaySeconds, boolean noreply) implements Request<Void> {
        @Override
        public boolean expectsReply() {
            return !noreply;
        }
    }

    /** {@code version}. Reply: the text after {@code VERSION }. */
    record Version() implements Request<String> {
    }

    /**
     * {@code verbosity N}. Reply: null after {@code OK}.
     *
     * @param level the level
     * @param noreply whether the server should not answer
     */
    record Verbosity(int level, boolean noreply) implements Request<Void> {
        @Override
        public boolean expectsReply() {
            return !noreply;
        }
    }

    /**
     * {@code stats [group]}. Reply: the {@code STAT} names and values in order, up to {@code END}.
     *
     * @param group the group ({@code settings}, {@code items}, ...), or null for general statistics
     */
    record Stats(String group) implements Request<Map<String, String>> {
    }

    /**
     * One command line sent as it is. Reply: every line up to and including the one that ends the
     * reply; data blocks of {@code VALUE} and {@code VA} lines are returned as lines too.
     *
     * @param line the command line, validated, without {@code \r\n}
     */
    record RawLine(String line) implements Request<List<String>> {
        /**
         * Validates the request.
         *
         * @param line the line
         */
        public RawLine {
            Objects.requireNonNull(line, "line");
        }
    }

    /**
     * A meta command. Reply: the {@link MetaResponse}. A quiet request is followed on the wire by
     * {@code mn}, so that its silent outcome is still a reply.
     *
     * <p>The transport's opaque token, when set, is sent as an {@code O} flag after the request's
     * own flags; the decoder then requires every reply that carries an {@code O} flag to carry this
     * token, and removes it from the {@link MetaResponse}. A request whose own flags carry {@code O}
     * is checked against that token instead, which stays in the response.
     *
     * @param request the meta request
     * @param opaque the transport's opaque token (1 to {@value #MAX_OPAQUE} printable ASCII
     *               characters), or null for none; not with {@code mn} and {@code me}, whose replies
     *               do not echo it, nor with a request that has its own {@code O} flag
     */
    record Meta(MetaRequest request, String opaque) implements Request<MetaResponse> {
        /** The longest opaque token memcached accepts (it refuses 32 bytes and more). */
        public static final int MAX_OPAQUE = 31;

        /**
         * Validates the request.
         *
         * @param request the meta request
         * @param opaque the opaque token, or null
         */
        public Meta {
            Objects.requireNonNull(request, "request");
            if (opaque != null) {
                if (request.command() == MetaCommand.NOOP || request.command() == MetaCommand.DEBUG) {
                    throw new IllegalArgumentException("the reply to " + request.command().token()
                            + " does not echo an opaque token");
                }
                if (request.hasFlag('O')) {
                    throw new IllegalArgumentException("the request has an O flag of its own");
                }
                if (opaque.isEmpty() || opaque.length() > MAX_OPAQUE) {
                    throw new IllegalArgumentException("an opaque token has 1 to " + MAX_OPAQUE + " characters: \""
                            + opaque + "\"");
                }
                for (int i = 0; i < opaque.length(); i++) {
                    char c = opaque.charAt(i);
                    if (c <= ' ' || c >= 0x7f) {
                        throw new IllegalArgumentException("an opaque token is printable ASCII: \"" + opaque + "\"");
                    }
                }
            }
        }

        /**
         * A meta command without a transport opaque token.
         *
         * @param request the meta request
         */
        public Meta(MetaRequest request) {
            this(request, null);
        }

        @Override
        public String routingKey() {
            return request.key().isEmpty() ? null : request.key();
        }
    }

    /** {@code quit}: the server closes the connection without a reply. */
    record Quit() implements Request<Void> {
        @Override
        public boolean expectsReply() {
            return false;
        }
    }
}
