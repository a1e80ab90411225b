package io.memcached4j.core;

import io.memcached4j.AsyncMemcachedClient;
import io.memcached4j.CasItem;
import io.memcached4j.ClientConfig;
import io.memcached4j.ClientListener;
import io.memcached4j.Item;
import io.memcached4j.Keys;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.MetaCommand;
import io.memcached4j.MetaFlag;
import io.memcached4j.MetaRequest;
import io.memcached4j.MetaResponse;
import io.memcached4j.ServerAddress;
import io.memcached4j.spi.ItemSize;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.Request.RetrievalCommand;
import io.memcached4j.core.codec.Request.StorageCommand;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's single code path: validates arguments, builds the {@link Request}, routes it and
 * hands it to the {@link RequestDispatcher}. The asynchronous API is this class;
 * {@link DispatchingClient} joins its futures.
 *
 * <p>The {@code blocking} flag of the internal methods says what to do when a connection already
 * has {@link ClientConfig#maxRequestsInFlight()} requests: wait for a slot up to the timeout
 * (blocking callers) or fail at once (asynchronous callers).
 */
final class AsyncClient implements AsyncMemcachedClient {
    static final boolean BLOCKING = true;
    static final boolean ASYNC = false;

    private static final System.Logger LOG = System.getLogger("io.memcached4j.core");

    private final RequestDispatcher dispatcher;
    /** The server list now; each request routes with the version it reads. */
    private volatile Topology topology;
    /** Guards changes of {@link #topology}, {@link #nextId} and {@link #closed}. */
    private final Object changes = new Object();
    /** The first transport id never used; ids are never reused. */
    private int nextId;
    private boolean closed;
    private final long timeoutNanos;
    private final int itemSizeLimit;
    private final IoThreadGuard guard;
    /** The configuration's listeners as one; null when there is none, so a request pays one null check. */
    private final ClientListener listener;
    /** Whether the dispatcher {@link RequestDispatcher#stampsFutures stamps its futures}, so a listener's requests are timed by its clock reads. */
    private final boolean transportStamps;
    private final AtomicBoolean closeReported = new AtomicBoolean();
    /** Numbers the opaque tokens of meta requests, so that each reply can be told from any other. */
    private final AtomicLong opaques = new AtomicLong();

    AsyncClient(RequestDispatcher dispatcher) {
        this.dispatcher = dispatcher;
        this.guard = Objects.requireNonNull(dispatcher.ioThreadGuard(), "ioThreadGuard");
        ClientConfig config = dispatcher.config();
        this.listener = config.listener().orElse(null);
        ClientListener heard = listener;
        this.topology = Topology.initial(config.servers(), heard == null ? null : server -> new RequestObserver(heard, server));
        this.nextId = config.servers().size();
        this.timeoutNanos = config.operationTimeout().toNanos();
        this.itemSizeLimit = config.itemSizeLimit();
        this.transportStamps = dispatcher.stampsFutures();
        if (listener != null) {
            listener.clientOpened(config);
        }
    }

    /** Tells the listener, once, that the client is closed; after the dispatcher closed. */
    void closed() {
        if (listener != null && closeReported.compareAndSet(false, true)) {
            listener.clientClosed(dispatcher.config(), topology.servers);
        }
    }

    RequestDispatcher dispatcher() {
        return dispatcher;
    }

    List<ServerAddress> servers() {
        return topology.servers;
    }

    /**
     * Replaces the server list: the transport starts serving the added servers before any request is
     * routed to them, and is told to retire the removed ones once no new request is routed there.
     *
     * @param servers the new list
     * @return whether the list changed
     * @throws IllegalArgumentException when the list is empty, holds a null or a server twice
     * @throws IllegalStateException when the client is closed
     */
    boolean updateServers(List<ServerAddress> servers) {
        List<ServerAddress> list = Topology.checkList(servers);
        synchronized (changes) {
            if (closed) {
                throw new IllegalStateException("the memcached client is closed");
            }
            Topology old = topology;
            if (old.sameServers(list)) {
                return false;
            }
            Topology next = old.next(list, nextId);
            List<ServerAddress> added = next.without(old);
            List<ServerAddress> removed = old.without(next);
            for (ServerAddress server : added) {
                dispatcher.addServer(next.idOf(server), server);
            }
            nextId += added.size();
            topology = next;
            for (ServerAddress server : removed) {
                dispatcher.removeServer(old.idOf(server));
            }
            LOG.log(System.Logger.Level.INFO, "memcached4j {0} server list changed: added {1}, removed {2}; now {3}",
                    dispatcher.name(), added, removed, list);
            if (listener != null) { // under the lock, so that listeners hear changes in the order they were made
                ClientConfig config = dispatcher.config();
                added.forEach(server -> listener.serverAdded(config, server));
                removed.forEach(server -> listener.serverRemoved(config, server));
            }
        }
        return true;
    }

    /** Refuses further changes of the server list; before the dispatcher closes. */
    void closing() {
        synchronized (changes) {
            closed = true;
        }
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    IoThreadGuard guard() {
        return guard;
    }

    /** @throws IllegalArgumentException when the server is not one of this client's now */
    void requireServer(ServerAddress server) {
        topology.requirePosition(server);
    }

    private <D, T> CompletableFuture<T> sendByKey(String key, Request<D> request, ReplyMapper<D, T> mapper, boolean blocking) {
        Topology t = topology;
        return sendOne(t, t.positionFor(key), request, mapper, timeoutNanos, blocking);
    }

    /** Sends a request whose caller, if blocking, waits for this one result at once (see {@link RequestDispatcher#call}). */
    private <D, T> CompletableFuture<T> sendOne(Topology t, int position, Request<D> request, ReplyMapper<D, T> mapper,
                                                long timeout, boolean blocking) {
        return send(t, position, request, mapper, timeout, blocking, blocking);
    }

    /** Sends a request that may be one of several a blocking caller waits for together. */
    private <D, T> CompletableFuture<T> send(Topology t, int position, Request<D> request, ReplyMapper<D, T> mapper,
                                             long timeout, boolean blocking) {
        return send(t, position, request, mapper, timeout, blocking, false);
    }

    /**
     * Every request leaves here: a blocking caller on the I/O thread is refused before anything is
     * sent. Without a listener the transport's future is returned as it is: one null check, no
     * allocation; with one, the server's {@link RequestObserver} reports it, allocating nothing more.
     *
     * @param alone whether a blocking caller waits for this result alone, at once, so the transport
     *     may carry it on the caller's thread ({@link RequestDispatcher#call})
     */
    private <D, T> CompletableFuture<T> send(Topology t, int position, Request<D> request, ReplyMapper<D, T> mapper,
                                             long timeout, boolean blocking, boolean alone) {
        if (blocking) {
            guard.refuseBlocking("a blocking memcached call");
        }
        if (position < 0) {
            ClientFuture<T> none = new ClientFuture<>(guard);
            none.completeExceptionally(new MemcachedConnectionException("the memcached client has no server yet"));
            return none;
        }
        int server = t.id(position);
        if (listener == null) {
            return dispatch(server, request, mapper, timeout, blocking, alone, null);
        }
        RequestObserver observer = t.observer(position);
        long start = transportStamps ? ClientFuture.UNSTAMPED : System.nanoTime();
        CompletableFuture<T> sent;
        try {
            sent = dispatch(server, request, mapper, timeout, blocking, alone, observer);
        } catch (RuntimeException | Error e) {
            observer.refused(request, start, e);
            throw e;
        }
        return observer.follow(request, sent, start, guard);
    }

    /** Hands the request to the transport, with the observer the transport may make its future with (null for none). */
    private <D, T> CompletableFuture<T> dispatch(int server, Request<D> request, ReplyMapper<D, T> mapper, long timeout,
                                                 boolean blocking, boolean alone, ClientFuture.Observer observer) {
        return alone ? dispatcher.call(server, request, mapper, timeout, observer)
                : dispatcher.send(server, request, mapper, timeout, blocking, observer);
    }

    /** Sends one request per server and collects the results in server order. */
    private <T> CompletableFuture<Map<ServerAddress, T>> everyServer(PerServer<T> perServer) {
        Topology t = topology;
        List<ServerAddress> servers = t.servers;
        List<CompletableFuture<T>> futures = new ArrayList<>(servers.size());
        for (int i = 0; i < servers.size(); i++) {
            futures.add(perServer.send(t, i));
        }
        ClientFuture<Map<ServerAddress, T>> all = new ClientFuture<>(guard);
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).whenComplete((ignored, failure) -> {
            if (failure != null) {
                all.completeExceptionally(MemcachedException.unwrap(failure));
                return;
            }
            Map<ServerAddress, T> result = new LinkedHashMap<>();
            for (int i = 0; i < servers.size(); i++) {
                result.put(servers.get(i), futures.get(i).getNow(null));
            }
            all.complete(result);
        });
        return all;
    }

    /** Sends a request to the server at a position of a version of the list. */
    @FunctionalInterface
    private interface PerServer<T> {
        CompletableFuture<T> send(Topology t, int position);
    }

    /**
     * Refuses a value memcached would refuse with {@code SERVER_ERROR object too large for cache}
     * when its item size limit is {@link ClientConfig#itemSizeLimit()}, counting as {@link ItemSize} does.
     */
    private byte[] checkValue(int keyBytes, int flags, byte[] value) {
        Objects.requireNonNull(value, "value");
        if (!ItemSize.fits(itemSizeLimit, keyBytes, flags, value.length)) {
            throw new IllegalArgumentException("value of " + value.length + " bytes makes an item of "
                    + ItemSize.total(keyBytes, flags, value.length) + " bytes (key, " + ItemSize.HEADER_BYTES
                    + "-byte header, flags, CRLF) over the item size limit of " + itemSizeLimit
                    + " bytes (ClientConfig.itemSizeLimit, memcached's -I)");
        }
        return value;
    }

    /** The UTF-8 length of a valid key, computed only when a value is near the limit. */
    private int keyBytes(String key, byte[] value) {
        if (value == null || value.length + 3L * key.length() + ItemSize.HEADER_BYTES + 8 <= itemSizeLimit) {
            return key.length();
        }
        return key.getBytes(StandardCharsets.UTF_8).length;
    }

    // ---------------------------------------------------------------- operations

    CompletableFuture<Optional<Item>> get(String key, boolean blocking) {
        Keys.requireValid(key);
        return sendByKey(key, new Request.Retrieval(RetrievalCommand.GET, List.of(key), 0), Replies.ITEM, blocking);
    }

    CompletableFuture<Map<String, Item>> getAll(Collection<String> keys, boolean blocking) {
        return getAllUnique(uniqueValidKeys(Objects.requireNonNull(keys, "keys")), blocking);
    }

    /** {@link #getAll} of keys already validated and without repeats. */
    CompletableFuture<Map<String, Item>> getAllUnique(List<String> unique, boolean blocking) {
        if (unique.isEmpty()) {
            ClientFuture<Map<String, Item>> none = new ClientFuture<>(guard);
            none.complete(new HashMap<>());
            return none;
        }
        Topology t = topology;
        if (t.size() <= 1) { // the decoder's map is the result
            return sendOne(t, t.size() - 1, new Request.GetAll(unique), Replies.identity(), timeoutNanos, blocking);
        }
        // Each key's server is found once; the parts are arrays filled in the keys' order.
        int keyCount = unique.size();
        int[] positions = new int[keyCount];
        int[] counts = new int[t.size()];
        for (int i = 0; i < keyCount; i++) {
            int position = t.positionFor(unique.get(i));
            positions[i] = position;
            counts[position]++;
        }
        String[][] parts = new String[counts.length][];
        int partCount = 0;
        for (int p = 0; p < counts.length; p++) {
            if (counts[p] > 0) {
                parts[p] = new String[counts[p]];
                counts[p] = 0;
                partCount++;
            }
        }
        for (int i = 0; i < keyCount; i++) {
            int p = positions[i];
            parts[p][counts[p]++] = unique.get(i);
        }
        MultiGet result = new MultiGet(guard, partCount, keyCount);
        for (int p = 0; p < parts.length; p++) {
            if (parts[p] != null) {
                send(t, p, new Request.GetAll(List.of(parts[p])), Replies.<Map<String, Item>>identity(),
                        timeoutNanos, blocking).whenComplete(result::part);
            }
        }
        return result;
    }

    /**
     * Validates keys and drops repeated ones, keeping the first occurrences in order.
     *
     * @return an immutable list, which a {@link Request.GetAll} keeps without copying it
     */
    static List<String> uniqueValidKeys(Collection<String> keys) {
        String[] array = keys.toArray(new String[0]);
        for (String key : array) {
            Keys.requireValid(key);
        }
        int count = DistinctKeys.keepFirst(array);
        return List.of(count == array.length ? array : Arrays.copyOf(array, count));
    }

    CompletableFuture<Optional<CasItem>> getWithCas(String key, boolean blocking) {
        Keys.requireValid(key);
        return sendByKey(key, new Request.Retrieval(RetrievalCommand.GETS, List.of(key), 0), Replies.CAS_ITEM, blocking);
    }

    CompletableFuture<Optional<Item>> getAndTouch(String key, int expiration, boolean blocking) {
        Keys.requireValid(key);
        return sendByKey(key, new Request.Retrieval(RetrievalCommand.GAT, List.of(key), expiration), Replies.ITEM, blocking);
    }

    CompletableFuture<Void> set(Item item, boolean blocking) {
        Objects.requireNonNull(item, "item");
        return sendByKey(item.key(), storage(StorageCommand.SET, item.key(), item.value(), item.flags(), item.expiration(), 0L),
                Replies.STORED, blocking);
    }

    CompletableFuture<Boolean> store(StorageCommand command, Item item, boolean blocking) {
        Objects.requireNonNull(item, "item");
        return sendByKey(item.key(), storage(command, item.key(), item.value(), item.flags(), item.expiration(), 0L),
                Replies.STORED_OR_NOT, blocking);
    }

    CompletableFuture<Boolean> concat(StorageCommand command, String key, byte[] bytes, boolean blocking) {
        Keys.requireValid(key);
        return sendByKey(key, storage(command, key, bytes, 0, 0, 0L), Replies.STORED_OR_NOT, blocking);
    }

    CompletableFuture<Void> compareAndSwap(CasItem item, boolean blocking) {
        Objects.requireNonNull(item, "item");
        if (!item.hasCas()) {
            throw new IllegalArgumentException("compareAndSwap needs the CAS token of an item read with getWithCas; "
                    + "the item \"" + item.key() + "\" has none (CasItem.of makes items without a token)");
        }
        return sendByKey(item.key(), storage(StorageCommand.CAS, item.key(), item.value(), item.flags(),
                item.expiration(), item.cas()), Replies.CAS, blocking);
    }

    private Request.Storage storage(StorageCommand command, String key, byte[] value, int flags, int expiration, long cas) {
        return new Request.Storage(command, key, checkValue(keyBytes(key, value), flags, value), flags, expiration, cas, false);
    }

    CompletableFuture<Boolean> delete(String key, boolean blocking) {
        Keys.requireValid(key);
        return sendByKey(key, new Request.Deletion(key, false), Replies.identity(), blocking);
    }

    CompletableFuture<OptionalLong> arithmetic(boolean increment, String key, long delta, boolean blocking) {
        Keys.requireValid(key);
        return sendByKey(key, new Request.Arithmetic(increment, key, delta, false), Replies.identity(), blocking);
    }

    CompletableFuture<Boolean> touch(String key, int expiration, boolean blocking) {
        Keys.requireValid(key);
        return sendByKey(key, new Request.Touch(key, expiration, false), Replies.identity(), blocking);
    }

    CompletableFuture<MetaResponse> meta(MetaRequest request, boolean blocking) {
        Objects.requireNonNull(request, "request");
        if (request.command() == MetaCommand.SET) {
            checkValue(request.base64Key() ? Base64.getDecoder().decode(request.key()).length : keyBytes(request.key(), request.value()),
                    metaClientFlags(request), request.value());
        }
        Request.Meta meta = new Request.Meta(request, opaqueFor(request));
        String key = meta.routingKey();
        Topology t = topology;
        return sendOne(t, key == null ? t.size() - 1 : t.positionFor(key), meta, Replies.identity(), timeoutNanos, blocking);
    }

    /** The client flags a meta set stores ({@code F}), 0 when absent or not a number (the server then refuses it). */
    private static int metaClientFlags(MetaRequest request) {
        for (MetaFlag flag : request.flags()) {
            if (flag.flag() == 'F' && flag.token() != null) {
                try {
                    return Integer.parseUnsignedInt(flag.token());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /**
     * Returns a fresh opaque token for a meta request whose reply echoes one, so the decoder can
     * check that the reply is this request's; null for {@code mn}, {@code me} and a request with an
     * {@code O} flag of its own.
     */
    private String opaqueFor(MetaRequest request) {
        if (request.command() == MetaCommand.NOOP || request.command() == MetaCommand.DEBUG || request.hasFlag('O')) {
            return null;
        }
        return Long.toString(opaques.incrementAndGet(), Character.MAX_RADIX);
    }

    CompletableFuture<Void> flushAll(Duration delay, boolean blocking) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative() || delay.getSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("flush_all delay must be 0 to " + Integer.MAX_VALUE + " seconds, was " + delay);
        }
        Request.FlushAll request = new Request.FlushAll((int) delay.getSeconds(), false);
        return everyServer((t, i) -> send(t, i, request, Replies.<Void>ignore(), timeoutNanos, blocking))
                .thenApply(ignored -> null);
    }

    CompletableFuture<Map<ServerAddress, Map<String, String>>> stats(String group, boolean blocking) {
        if (group != null && !Keys.isValid(group)) {
            throw new IllegalArgumentException("stats group must be a single word such as \"settings\", was \"" + group + "\"");
        }
        Request.Stats request = new Request.Stats(group);
        return everyServer((t, i) -> send(t, i, request, Replies.identity(), timeoutNanos, blocking));
    }

    CompletableFuture<Map<ServerAddress, String>> version(boolean blocking) {
        Request.Version request = new Request.Version();
        return everyServer((t, i) -> send(t, i, request, Replies.identity(), timeoutNanos, blocking));
    }

    CompletableFuture<List<String>> rawCommand(ServerAddress server, String commandLine, boolean blocking) {
        Topology t = topology;
        int position = t.requirePosition(server);
        Request.RawLine request = new Request.RawLine(RawCommands.check(commandLine));
        return sendOne(t, position, request, Replies.identity(), timeoutNanos, blocking);
    }

    CompletableFuture<Void> ping(long timeout, boolean blocking) {
        Request.Version request = new Request.Version();
        return everyServer((t, i) -> send(t, i, request, Replies.ignore(), timeout, blocking)).thenApply(ignored -> null);
    }

    // ---------------------------------------------------------------- AsyncMemcachedClient

    @Override
    public CompletableFuture<Optional<Item>> get(String key) {
        return get(key, ASYNC);
    }

    @Override
    public CompletableFuture<Map<String, Item>> getAll(Collection<String> keys) {
        return getAll(keys, ASYNC);
    }

    @Override
    public CompletableFuture<Optional<CasItem>> getWithCas(String key) {
        return getWithCas(key, ASYNC);
    }

    @Override
    public CompletableFuture<Optional<Item>> getAndTouch(String key, int expiration) {
        return getAndTouch(key, expiration, ASYNC);
    }

    @Override
    public CompletableFuture<Void> set(Item item) {
        return set(item, ASYNC);
    }

    @Override
    public CompletableFuture<Boolean> add(Item item) {
        return store(StorageCommand.ADD, item, ASYNC);
    }

    @Override
    public CompletableFuture<Boolean> replace(Item item) {
        return store(StorageCommand.REPLACE, item, ASYNC);
    }

    @Override
    public CompletableFuture<Boolean> append(String key, byte[] suffix) {
        return concat(StorageCommand.APPEND, key, suffix, ASYNC);
    }

    @Override
    public CompletableFuture<Boolean> prepend(String key, byte[] prefix) {
        return concat(StorageCommand.PREPEND, key, prefix, ASYNC);
    }

    @Override
    public CompletableFuture<Void> compareAndSwap(CasItem item) {
        return compareAndSwap(item, ASYNC);
    }

    @Override
    public CompletableFuture<Boolean> delete(String key) {
        return delete(key, ASYNC);
    }

    @Override
    public CompletableFuture<OptionalLong> increment(String key, long delta) {
        return arithmetic(true, key, delta, ASYNC);
    }

    @Override
    public CompletableFuture<OptionalLong> decrement(String key, long delta) {
        return arithmetic(false, key, delta, ASYNC);
    }

    @Override
    public CompletableFuture<Boolean> touch(String key, int expiration) {
        return touch(key, expiration, ASYNC);
    }

    @Override
    public CompletableFuture<MetaResponse> meta(MetaRequest request) {
        return meta(request, ASYNC);
    }

    @Override
    public CompletableFuture<Void> flushAll(Duration delay) {
        return flushAll(delay, ASYNC);
    }

    @Override
    public CompletableFuture<Map<ServerAddress, Map<String, String>>> stats(String group) {
        return stats(group, ASYNC);
    }

    @Override
    public CompletableFuture<Map<ServerAddress, String>> version() {
        return version(ASYNC);
    }

    @Override
    public CompletableFuture<List<String>> rawCommand(ServerAddress server, String commandLine) {
        return rawCommand(server, commandLine, ASYNC);
    }

    @Override
    public CompletableFuture<Void> ping() {
        return ping(timeoutNanos, ASYNC);
    }

    /** The merged result of a multi-get split over several servers; fails with the first failure. */
    private static final class MultiGet extends ClientFuture<Map<String, Item>> {
        private final Map<String, Item> items;
        private int remaining;

        MultiGet(IoThreadGuard guard, int parts, int keys) {
            super(guard);
            this.remaining = parts;
            this.items = new HashMap<>((int) Math.min(1L << 30, keys * 4L / 3 + 1));
        }

        void part(Map<String, Item> found, Throwable failure) {
            if (failure != null) {
                completeExceptionally(MemcachedException.unwrap(failure));
                return;
            }
            boolean last;
            synchronized (items) {
                items.putAll(found);
                last = --remaining == 0;
            }
            if (last) {
                complete(items);
            }
        }
    }
}
