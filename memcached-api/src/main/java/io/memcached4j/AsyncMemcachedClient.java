package io.memcached4j;

import io.memcached4j.transcoder.Transcoder;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The non-blocking view of a {@link MemcachedClient}, from {@link MemcachedClient#async()}.
 *
 * <p>Each method returns at once with a future completed by the transport's I/O thread: callbacks
 * attached with {@code thenApply} and friends run on that thread and must not block: a blocking
 * {@code get} or {@code join} on an unfinished future of the client, called on its I/O thread,
 * throws {@link IllegalStateException} (it would wait for the thread it blocks). Futures fail with
 * the same {@link MemcachedException}s the blocking methods throw; when the request's connection
 * already has {@link ClientConfig#maxRequestsInFlight()} requests, at once with
 * {@link BackpressureException}. Argument errors are thrown before a future exists.
 *
 * <p>Requests about one key, made one after the other, reach the server in that order, so a
 * {@code set} followed at once by a {@code get} of the same key reads what was set. Requests about
 * different keys, and multi-key requests, may be carried by different connections
 * ({@link ClientConfig#connectionsPerServer()}) and carry no such promise between them.
 *
 * <p>The typed methods encode in the caller's thread, before the future exists; they decode in the
 * thread that completes the future, the I/O thread, so a transcoder that is slow to decode (large
 * serialized or compressed values) is better applied by the caller with {@code thenApplyAsync}.
 * A value that cannot be decoded fails the future with
 * {@link io.memcached4j.transcoder.TranscoderException}.
 *
 * <p>A future is completed only with the reply to its own request, checked as
 * {@link MemcachedClient} describes (reply correlation, and its limit in the classic protocol); a
 * reply that is not its request's fails every request on that connection with
 * {@link ProtocolException}.
 */
public interface AsyncMemcachedClient {
    /**
     * Reads an item; see {@link MemcachedClient#get}.
     *
     * @param key see the blocking method
     * @return the future result
     */
    CompletableFuture<Optional<Item>> get(String key);

    /**
     * Reads many items; see {@link MemcachedClient#getAll}.
     *
     * @param keys see the blocking method
     * @return the future result
     */
    CompletableFuture<Map<String, Item>> getAll(Collection<String> keys);

    /**
     * Reads an item with its token; see {@link MemcachedClient#getWithCas}.
     *
     * @param key see the blocking method
     * @return the future result
     */
    CompletableFuture<Optional<CasItem>> getWithCas(String key);

    /**
     * Reads and touches; see {@link MemcachedClient#getAndTouch}.
     *
     * @param key see the blocking method
     * @param expiration see the blocking method
     * @return the future result
     */
    CompletableFuture<Optional<Item>> getAndTouch(String key, int expiration);

    /**
     * Stores an item; see {@link MemcachedClient#set(Item)}.
     *
     * @param item see the blocking method
     * @return the future result
     */
    CompletableFuture<Void> set(Item item);

    /**
     * Stores if absent; see {@link MemcachedClient#add}.
     *
     * @param item see the blocking method
     * @return the future result
     */
    CompletableFuture<Boolean> add(Item item);

    /**
     * Stores if present; see {@link MemcachedClient#replace}.
     *
     * @param item see the blocking method
     * @return the future result
     */
    CompletableFuture<Boolean> replace(Item item);

    /**
     * Appends; see {@link MemcachedClient#append}.
     *
     * @param key see the blocking method
     * @param suffix see the blocking method
     * @return the future result
     */
    CompletableFuture<Boolean> append(String key, byte[] suffix);

    /**
     * Prepends; see {@link MemcachedClient#prepend}.
     *
     * @param key see the blocking method
     * @param prefix see the blocking method
     * @return the future result
     */
    CompletableFuture<Boolean> prepend(String key, byte[] prefix);

    /**
     * Compare-and-swap; see {@link MemcachedClient#compareAndSwap}.
     *
     * @param item see the blocking method
     * @return the future result
     */
    CompletableFuture<Void> compareAndSwap(CasItem item);

    /**
     * Reads a value and decodes it; see {@link MemcachedClient#get(String, Transcoder)}.
     *
     * @param key see the blocking method
     * @param transcoder see the blocking method
     * @param <T> the type of the value
     * @return the future result
     */
    default <T> CompletableFuture<Optional<T>> get(String key, Transcoder<T> transcoder) {
        Objects.requireNonNull(transcoder, "transcoder");
        return get(key).thenApply(found -> found.map(item -> transcoder.decode(item.value(), item.flags())));
    }

    /**
     * Reads many values and decodes them; see {@link MemcachedClient#getAll(Collection, Transcoder)}.
     *
     * @param keys see the blocking method
     * @param transcoder see the blocking method
     * @param <T> the type of the values
     * @return the future result
     */
    default <T> CompletableFuture<Map<String, T>> getAll(Collection<String> keys, Transcoder<T> transcoder) {
        Objects.requireNonNull(transcoder, "transcoder");
        return getAll(keys).thenApply(items -> TypedCalls.decodeAll(items, transcoder));
    }

    /**
     * Reads, touches and decodes; see {@link MemcachedClient#getAndTouch(String, int, Transcoder)}.
     *
     * @param key see the blocking method
     * @param expiration see the blocking method
     * @param transcoder see the blocking method
     * @param <T> the type of the value
     * @return the future result
     */
    default <T> CompletableFuture<Optional<T>> getAndTouch(String key, int expiration, Transcoder<T> transcoder) {
        Objects.requireNonNull(transcoder, "transcoder");
        return getAndTouch(key, expiration)
                .thenApply(found -> found.map(item -> transcoder.decode(item.value(), item.flags())));
    }

    /**
     * Encodes and stores; see {@link MemcachedClient#set(String, Object, int, Transcoder)}.
     *
     * @param key see the blocking method
     * @param value see the blocking method
     * @param expiration see the blocking method
     * @param transcoder see the blocking method
     * @param <T> the type of the value
     * @return the future result
     */
    default <T> CompletableFuture<Void> set(String key, T value, int expiration, Transcoder<T> transcoder) {
        return set(TypedCalls.encode(key, value, expiration, transcoder));
    }

    /**
     * Encodes and stores if absent; see {@link MemcachedClient#add(String, Object, int, Transcoder)}.
     *
     * @param key see the blocking method
     * @param value see the blocking method
     * @param expiration see the blocking method
     * @param transcoder see the blocking method
     * @param <T> the type of the value
     * @return the future result
     */
    default <T> CompletableFuture<Boolean> add(String key, T value, int expiration, Transcoder<T> transcoder) {
        return add(TypedCalls.encode(key, value, expiration, transcoder));
    }

    /**
     * Encodes and stores if present; see {@link MemcachedClient#replace(String, Object, int, Transcoder)}.
     *
     * @param key see the blocking method
     * @param value see the blocking method
     * @param expiration see the blocking method
     * @param transcoder see the blocking method
     * @param <T> the type of the value
     * @return the future result
     */
    default <T> CompletableFuture<Boolean> replace(String key, T value, int expiration, Transcoder<T> transcoder) {
        return replace(TypedCalls.encode(key, value, expiration, transcoder));
    }

    /**
     * Encodes and compares and swaps; see {@link MemcachedClient#compareAndSwap(CasItem, Object, Transcoder)}.
     *
     * @param read see the blocking method
     * @param newValue see the blocking method
     * @param transcoder see the blocking method
     * @param <T> the type of the value
     * @return the future result
     */
    default <T> CompletableFuture<Void> compareAndSwap(CasItem read, T newValue, Transcoder<T> transcoder) {
        return compareAndSwap(TypedCalls.encode(read, newValue, transcoder));
    }

    /**
     * Deletes; see {@link MemcachedClient#delete}.
     *
     * @param key see the blocking method
     * @return the future result
     */
    CompletableFuture<Boolean> delete(String key);

    /**
     * Increments; see {@link MemcachedClient#increment}.
     *
     * @param key see the blocking method
     * @param delta see the blocking method
     * @return the future result
     */
    CompletableFuture<OptionalLong> increment(String key, long delta);

    /**
     * Decrements; see {@link MemcachedClient#decrement}.
     *
     * @param key see the blocking method
     * @param delta see the blocking method
     * @return the future result
     */
    CompletableFuture<OptionalLong> decrement(String key, long delta);

    /**
     * Touches; see {@link MemcachedClient#touch}.
     *
     * @param key see the blocking method
     * @param expiration see the blocking method
     * @return the future result
     */
    CompletableFuture<Boolean> touch(String key, int expiration);

    /**
     * Sends a meta command; see {@link MemcachedClient#meta}.
     *
     * @param request see the blocking method
     * @return the future result
     */
    CompletableFuture<MetaResponse> meta(MetaRequest request);

    /**
     * Flushes every server; see {@link MemcachedClient#flushAll(Duration)}.
     *
     * @param delay see the blocking method
     * @return the future result
     */
    CompletableFuture<Void> flushAll(Duration delay);

    /**
     * Reads statistics, {@code null} group for the general ones; see {@link MemcachedClient#stats(String)}.
     *
     * @param group see the blocking method
     * @return the future result
     */
    CompletableFuture<Map<ServerAddress, Map<String, String>>> stats(String group);

    /**
     * Reads versions; see {@link MemcachedClient#version}.
     *
     * @return the future result
     */
    CompletableFuture<Map<ServerAddress, String>> version();

    /**
     * Sends one line; see {@link MemcachedClient#rawCommand(ServerAddress, String)}.
     *
     * @param server see the blocking method
     * @param commandLine see the blocking method
     * @return the future result
     */
    CompletableFuture<List<String>> rawCommand(ServerAddress server, String commandLine);

    /**
     * Checks every server answers; see {@link MemcachedClient#ping()}.
     *
     * @return the future result
     */
    CompletableFuture<Void> ping();
}
