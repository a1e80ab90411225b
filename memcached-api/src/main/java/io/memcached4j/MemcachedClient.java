package io.memcached4j;

import io.memcached4j.transcoder.Transcoder;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A blocking memcached client over one or more servers. Thread-safe; open one with
 * {@link Memcached#connect(String)} and share it.
 *
 * <p>Every method waits at most the configured operation timeout and then throws
 * {@link MemcachedTimeoutException}; failures are {@link MemcachedException}s. Arguments are
 * checked before anything is sent: an invalid key ({@link Keys}), a value over the item size
 * limit or a null throws {@link IllegalArgumentException} or {@link NullPointerException}.
 * Keys are spread over the servers with ketama consistent hashing.
 *
 * <p>The typed methods take a {@link Transcoder} that turns values into bytes and flags and back
 * ({@link io.memcached4j.transcoder.Transcoders} has the built-ins); encoding happens in the caller's
 * thread before anything is sent, and a stored value the transcoder cannot read fails with
 * {@link io.memcached4j.transcoder.TranscoderException}.
 *
 * <p>Reply correlation: a reply is only ever given to the request it answers, as far as the reply
 * can tell. A read's {@code VALUE} lines must name its keys, in the order asked; a meta reply must
 * carry the opaque token ({@code O}) the client sent with the request (and its key, when it returns
 * one); bytes that arrive while no request sent before them awaits a reply are refused. Any mismatch
 * is a desync: the connection is closed, every request on it fails with {@link ProtocolException}
 * (none gets data), and the client reconnects. The limit: classic replies to storage, delete, touch
 * and arithmetic commands, and a miss ({@code END}), name no key, and a stray {@code VALUE} line for
 * the very key a request asked for looks like its reply; so in the classic protocol a stray or
 * duplicated reply can still be taken for such a request's answer (a wrong outcome, never another
 * key's value) until the next reply that names a key shows the shift. Meta commands
 * ({@link #meta(MetaRequest)}) carry a token in every reply (a bare {@code EN} miss excepted, as
 * older servers send it) and are immune.
 */
public interface MemcachedClient extends AutoCloseable {

    /**
     * Returns the asynchronous view of this client; both share connections and configuration.
     *
     * @return the asynchronous client
     */
    AsyncMemcachedClient async();

    /**
     * Reads an item.
     *
     * @param key the key
     * @return the item, or empty on a miss
     */
    Optional<Item> get(String key);

    /**
     * Reads many items at once, one multi-get per server.
     *
     * @param keys the keys; duplicates are read once
     * @return the items found, by key; misses are absent
     */
    Map<String, Item> getAll(Collection<String> keys);

    /**
     * Reads an item with its CAS token ({@code gets}).
     *
     * @param key the key
     * @return the item with its token, or empty on a miss
     */
    Optional<CasItem> getWithCas(String key);

    /**
     * Reads an item and sets its expiration in one step ({@code gat}).
     *
     * @param key the key
     * @param expiration the new expiration (see {@link Item})
     * @return the item, or empty on a miss
     */
    Optional<Item> getAndTouch(String key, int expiration);

    /**
     * Stores an item unconditionally.
     *
     * @param item the item
     */
    void set(Item item);

    /**
     * Stores a value unconditionally.
     *
     * @param key the key
     * @param value the value
     * @param flags the client flags
     * @param expiration the expiration (see {@link Item})
     */
    void set(String key, byte[] value, int flags, int expiration);

    /**
     * Stores an item only if the key is absent.
     *
     * @param item the item
     * @return true when stored, false when the key existed
     */
    boolean add(Item item);

    /**
     * Stores an item only if the key is present.
     *
     * @param item the item
     * @return true when stored, false when the key was absent
     */
    boolean replace(Item item);

    /**
     * Appends bytes to an existing value.
     *
     * @param key the key
     * @param suffix the bytes to append
     * @return true when appended, false when the key was absent
     */
    boolean append(String key, byte[] suffix);

    /**
     * Prepends bytes to an existing value.
     *
     * @param key the key
     * @param prefix the bytes to prepend
     * @return true when prepended, false when the key was absent
     */
    boolean prepend(String key, byte[] prefix);

    /**
     * Stores an item only if it has not changed since its token was read.
     *
     * @param item an item read with {@link #getWithCas}, usually changed with {@link CasItem#withValue}
     * @throws CasConflictException when the item changed meanwhile
     * @throws CacheMissException when the item is gone
     * @throws IllegalArgumentException when the item has no CAS token
     */
    void compareAndSwap(CasItem item);

    /**
     * Reads a value and decodes it.
     *
     * @param key the key
     * @param transcoder reads the stored bytes and flags
     * @param <T> the type of the value
     * @return the value, or empty on a miss
     */
    default <T> Optional<T> get(String key, Transcoder<T> transcoder) {
        Objects.requireNonNull(transcoder, "transcoder");
        return get(key).map(item -> transcoder.decode(item.value(), item.flags()));
    }

    /**
     * Reads many values at once and decodes them; one that cannot be decoded fails the call.
     *
     * @param keys the keys; duplicates are read once
     * @param transcoder reads the stored bytes and flags
     * @param <T> the type of the values
     * @return the values found, by key; misses are absent
     */
    default <T> Map<String, T> getAll(Collection<String> keys, Transcoder<T> transcoder) {
        Objects.requireNonNull(transcoder, "transcoder");
        return TypedCalls.decodeAll(getAll(keys), transcoder);
    }

    /**
     * Reads a value, sets its expiration ({@code gat}) and decodes it.
     *
     * @param key the key
     * @param expiration the new expiration (see {@link Item})
     * @param transcoder reads the stored bytes and flags
     * @param <T> the type of the value
     * @return the value, or empty on a miss
     */
    default <T> Optional<T> getAndTouch(String key, int expiration, Transcoder<T> transcoder) {
        Objects.requireNonNull(transcoder, "transcoder");
        return getAndTouch(key, expiration).map(item -> transcoder.decode(item.value(), item.flags()));
    }

    /**
     * Encodes a value and stores it unconditionally.
     *
     * @param key the key
     * @param value the value
     * @param expiration the expiration (see {@link Item})
     * @param transcoder gives the bytes and flags to store
     * @param <T> the type of the value
     */
    default <T> void set(String key, T value, int expiration, Transcoder<T> transcoder) {
        set(TypedCalls.encode(key, value, expiration, transcoder));
    }

    /**
     * Encodes a value and stores it only if the key is absent.
     *
     * @param key the key
     * @param value the value
     * @param expiration the expiration (see {@link Item})
     * @param transcoder gives the bytes and flags to store
     * @param <T> the type of the value
     * @return true when stored, false when the key existed
     */
    default <T> boolean add(String key, T value, int expiration, Transcoder<T> transcoder) {
        return add(TypedCalls.encode(key, value, expiration, transcoder));
    }

    /**
     * Encodes a value and stores it only if the key is present.
     *
     * @param key the key
     * @param value the value
     * @param expiration the expiration (see {@link Item})
     * @param transcoder gives the bytes and flags to store
     * @param <T> the type of the value
     * @return true when stored, false when the key was absent
     */
    default <T> boolean replace(String key, T value, int expiration, Transcoder<T> transcoder) {
        return replace(TypedCalls.encode(key, value, expiration, transcoder));
    }

    /**
     * Encodes a new value and stores it only if the item has not changed since it was read; the
     * item's key, expiration and token are kept. Decode what was read with
     * {@code transcoder.decode(read.value(), read.flags())}.
     *
     * @param read an item read with {@link #getWithCas}
     * @param newValue the value to store
     * @param transcoder gives the bytes and flags to store
     * @param <T> the type of the value
     * @throws CasConflictException when the item changed meanwhile
     * @throws CacheMissException when the item is gone
     * @throws IllegalArgumentException when the item has no CAS token
     */
    default <T> void compareAndSwap(CasItem read, T newValue, Transcoder<T> transcoder) {
        compareAndSwap(TypedCalls.encode(read, newValue, transcoder));
    }

    /**
     * Deletes an item.
     *
     * @param key the key
     * @return true when deleted, false when it was absent
     */
    boolean delete(String key);

    /**
     * Adds to a counter. Counters are unsigned 64-bit numbers stored as decimal text; they wrap at 2^64.
     *
     * @param key the key
     * @param delta the amount, read as unsigned
     * @return the new value (unsigned: use {@link Long#toUnsignedString}), or empty when the key is absent
     */
    OptionalLong increment(String key, long delta);

    /**
     * Subtracts from a counter; memcached stops at 0 rather than wrapping.
     *
     * @param key the key
     * @param delta the amount, read as unsigned
     * @return the new value (unsigned), or empty when the key is absent
     */
    OptionalLong decrement(String key, long delta);

    /**
     * Sets an item's expiration without reading it.
     *
     * @param key the key
     * @param expiration the new expiration (see {@link Item})
     * @return true when touched, false when the key is absent
     */
    boolean touch(String key, int expiration);

    /**
     * Sends one meta command to the server that owns its key ({@code mn} goes to the first server).
     * The client adds an opaque token ({@code O}) to {@code mg}, {@code ms}, {@code md} and
     * {@code ma}, checks that the reply carries it and removes it from the response; a request
     * with an {@code O} flag of its own is checked against that token, which the response keeps.
     *
     * @param request the request
     * @return the reply; misses and not-stored outcomes are replies, not exceptions
     */
    MetaResponse meta(MetaRequest request);

    /** Invalidates every item on every server at once. */
    void flushAll();

    /**
     * Invalidates every item on every server after a delay.
     *
     * @param delay whole seconds are used
     */
    void flushAll(Duration delay);

    /**
     * Reads the general statistics of every server.
     *
     * @return per server, the {@code STAT} names and values in the server's order
     */
    Map<ServerAddress, Map<String, String>> stats();

    /**
     * Reads a statistics group ({@code settings}, {@code items}, {@code slabs}, ...) of every server.
     *
     * @param group the group name, a single word
     * @return per server, the {@code STAT} names and values
     */
    Map<ServerAddress, Map<String, String>> stats(String group);

    /**
     * Reads every server's version string.
     *
     * @return per server, the text after {@code VERSION}
     */
    Map<ServerAddress, String> version();

    /**
     * Reads the general statistics of the only server of this client: {@link #stats()} for a
     * client of one server, without naming it.
     *
     * @return the {@code STAT} names and values in the server's order
     * @throws IllegalStateException when the client has several servers (naming them), before
     *     anything is sent: use {@link #stats()}
     */
    default Map<String, String> singleServerStats() {
        ServerAddress server = SingleServer.of(servers(), "singleServerStats()", "stats()");
        return stats().get(server);
    }

    /**
     * Reads a statistics group of the only server of this client; see {@link #singleServerStats()}.
     *
     * @param group the group name, a single word
     * @return the {@code STAT} names and values
     * @throws IllegalStateException when the client has several servers (naming them), before
     *     anything is sent: use {@link #stats(String)}
     */
    default Map<String, String> singleServerStats(String group) {
        ServerAddress server = SingleServer.of(servers(), "singleServerStats(String)", "stats(String)");
        return stats(group).get(server);
    }

    /**
     * Reads the version string of the only server of this client; see {@link #singleServerStats()}.
     *
     * @return the text after {@code VERSION}
     * @throws IllegalStateException when the client has several servers (naming them), before
     *     anything is sent: use {@link #version()}
     */
    default String singleServerVersion() {
        ServerAddress server = SingleServer.of(servers(), "singleServerVersion()", "version()");
        return version().get(server);
    }

    /**
     * Sends one command line to one server and returns the lines of its reply, up to and
     * including the line that ends it ({@code END}, {@code OK}, a status or error line).
     * Replies with data blocks are returned line by line; error replies ({@code ERROR},
     * {@code CLIENT_ERROR ...}, {@code SERVER_ERROR ...}) are returned as lines, not thrown.
     *
     * @param server one of {@link #servers()}
     * @param commandLine one line without CR or LF, checked with {@link Keys#requireValidCommandLine}
     * @return the reply lines, without line terminators
     */
    List<String> rawCommand(ServerAddress server, String commandLine);

    /**
     * Sends one command line to the only server of this client.
     *
     * @param commandLine the line
     * @return the reply lines
     * @throws IllegalStateException when the client has several servers (naming them), before
     *     anything is sent: name one with {@link #rawCommand(ServerAddress, String)}
     */
    default List<String> rawCommand(String commandLine) {
        return rawCommand(SingleServer.of(servers(), "rawCommand(String)", "rawCommand(ServerAddress, String)"),
                commandLine);
    }

    /**
     * Checks every server answers, within the operation timeout.
     *
     * @throws MemcachedException when one does not
     */
    void ping();

    /**
     * Checks every server answers within a timeout.
     *
     * @param timeout the time allowed
     * @throws MemcachedException when one does not
     */
    void ping(Duration timeout);

    /**
     * Opens a connection of its own to one server for a long reply read line by line, such as
     * {@code lru_crawler metadump}, so the stream never holds up this client's other requests.
     * It reads only as fast as its caller, so memory stays flat. The caller closes it.
     *
     * @param server one of {@link #servers()}
     * @return the open connection
     * @throws MemcachedConnectionException when the server cannot be reached
     */
    LineConnection openLineConnection(ServerAddress server);

    /**
     * Returns the servers requests go to now, in list order: those the client was opened with, as
     * changed since by {@link #updateServers} or server discovery.
     *
     * @return the current servers, an immutable snapshot
     */
    List<ServerAddress> servers();

    /**
     * Replaces the server list at run time. Ketama moves only the keys of the servers that come and
     * go; connections to added servers open in the background, removed servers get no new request
     * and their requests already sent complete, or fail with {@link MemcachedConnectionException} or
     * time out, never hang. A list with the same servers in another order changes nothing. With
     * server discovery ({@link ClientConfig#hasDiscovery()}) the next list discovered replaces this one.
     *
     * @param servers the new list: at least one server, no null, no duplicate
     * @throws IllegalArgumentException when the list is empty, holds a null or a server twice,
     *     before anything changes
     * @throws IllegalStateException when the client is closed
     */
    void updateServers(List<ServerAddress> servers);

    /**
     * Returns the servers as text, {@code host:port} separated by commas.
     *
     * @return the address
     */
    String address();

    /**
     * Returns the configuration the client was opened with.
     *
     * @return the configuration
     */
    ClientConfig config();

    /**
     * Closes every connection, fails pending requests with {@link MemcachedConnectionException}
     * and stops every thread the client started. Idempotent.
     */
    @Override
    void close();
}
