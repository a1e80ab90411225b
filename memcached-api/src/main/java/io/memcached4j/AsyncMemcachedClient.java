package io.memcached4j;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The non-blocking view of a {@link MemcachedClient}, from {@link MemcachedClient#async()}.
 *
 * <p>Each method returns at once with a future completed by the transport's I/O thread: callbacks
 * attached with {@code thenApply} and friends run on that thread and must not block. Futures fail
 * with the same {@link MemcachedException}s the blocking methods throw (a full request queue fails
 * at once with {@link MemcachedException}); argument errors are thrown before a future exists.
 *
 * <p>Requests about one key, made one after the other, reach the server in that order, so a
 * {@code set} followed at once by a {@code get} of the same key reads what was set. Requests about
 * different keys, and multi-key requests, may be carried by different connections
 * ({@link ClientConfig#connectionsPerServer()}) and carry no such promise between them.
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
