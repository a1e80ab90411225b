package io.memcached4j.transport.nio;

import io.memcached4j.AsyncMemcachedClient;
import io.memcached4j.CasItem;
import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.Keys;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.MetaCommand;
import io.memcached4j.MetaRequest;
import io.memcached4j.MetaResponse;
import io.memcached4j.ServerAddress;
import io.memcached4j.spi.ProtocolCodec;
import io.memcached4j.spi.Request;
import io.memcached4j.spi.Request.RetrievalCommand;
import io.memcached4j.spi.Request.StorageCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The client's single code path: validates arguments, builds the {@link Request}, picks the server
 * (ketama) and the connection, and hands an {@link Op} to the connection's event loop. The
 * asynchronous API is this class; {@link NioMemcachedClient} joins its futures.
 *
 * <p>The {@code blocking} flag of the internal methods says what to do when a connection already
 * has {@link ClientConfig#maxRequestsInFlight()} requests: wait for a slot up to the timeout
 * (blocking callers) or fail at once (asynchronous callers).
 */
final class NioClient implements AsyncMemcachedClient {
    static final boolean BLOCKING = true;
    static final boolean ASYNC = false;

    private static final Logger LOG = LoggerFactory.getLogger(NioClient.class);
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();
    /** How long close() waits for the I/O threads, which only a blocking callback can hold up. */
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ClientConfig config;
    private final ProtocolCodec codec;
    private final ServerNode[] nodes;
    private final Map<ServerAddress, ServerNode> nodesByAddress;
    private final Ketama ketama;
    private final EventLoop[] loops;
    private final long timeoutNanos;
    private final int itemSizeLimit;
    private volatile boolean closed;

    NioClient(ClientConfig config, ProtocolCodec codec) {
        this.config = config;
        this.codec = codec;
        this.timeoutNanos = config.operationTimeout().toNanos();
        this.itemSizeLimit = config.itemSizeLimit();
        List<ServerAddress> servers = config.servers();
        this.nodes = new ServerNode[servers.size()];
        this.nodesByAddress = new LinkedHashMap<>();
        List<String> nodeKeys = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            if (nodesByAddress.containsKey(servers.get(i))) {
                throw new IllegalArgumentException("server " + servers.get(i) + " is listed twice");
            }
            nodes[i] = new ServerNode(servers.get(i));
            nodesByAddress.put(servers.get(i), nodes[i]);
            nodeKeys.add(Ketama.nodeKey(nodes[i].socketAddress));
        }
        this.ketama = nodes.length > 1 ? new Ketama(nodeKeys) : null;
        this.loops = new EventLoop[config.ioThreads()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new EventLoop();
        }
        Backoff backoff = new Backoff(config.reconnectDelayMin(), config.reconnectDelayMax());
        long connectTimeout = config.connectTimeout().toNanos();
        int next = 0;
        for (ServerNode node : nodes) {
            Connection[] connections = new Connection[config.connectionsPerServer()];
            for (int i = 0; i < connections.length; i++) {
                EventLoop loop = loops[next++ % loops.length];
                connections[i] = new Connection(node, i, loop, codec, backoff, connectTimeout,
                        config.maxRequestsInFlight(), itemSizeLimit);
                loop.add(connections[i]);
            }
            node.connections(connections);
        }
        int id = CLIENT_IDS.incrementAndGet();
        for (int i = 0; i < loops.length; i++) {
            loops[i].start(new IoThread(this, loops[i], "memcached4j-nio-" + id + "-" + i));
        }
        LOG.info("memcached4j client {} started: {} server(s) {}, {} connection(s) each, {} I/O thread(s)",
                id, nodes.length, servers, config.connectionsPerServer(), loops.length);
    }

    ClientConfig config() {
        return config;
    }

    ProtocolCodec codec() {
        return codec;
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    ServerNode node(ServerAddress server) {
        Objects.requireNonNull(server, "server");
        ServerNode node = nodesByAddress.get(server);
        if (node == null) {
            throw new IllegalArgumentException("server " + server + " is not one of this client's servers "
                    + nodesByAddress.keySet());
        }
        return node;
    }

    ServerNode nodeFor(String key) {
        return ketama == null ? nodes[0] : nodes[ketama.nodeFor(key)];
    }

    // ---------------------------------------------------------------- the one code path

    /**
     * Sends a request to a server.
     *
     * @param node the server
     * @param request the validated request
     * @param mapper turns the reply into the result
     * @param timeout the time the request may take, in nanoseconds
     * @param blocking whether to wait for a free slot rather than fail when the connection is full
     * @return the future result, completed on the event loop
     */
    <D, T> CompletableFuture<T> send(ServerNode node, Request<D> request, ReplyMapper<D, T> mapper,
                                     long timeout, boolean blocking) {
        long start = System.nanoTime();
        if (blocking && IoThread.isLoopOf(this)) {
            throw new IllegalStateException("a blocking memcached call on the client's own I/O thread would deadlock; "
                    + "use async() in callbacks");
        }
        if (closed) {
            return CompletableFuture.failedFuture(Connection.closedException());
        }
        Connection connection = node.pick();
        if (connection == null) {
            return CompletableFuture.failedFuture(node.downException());
        }
        if (!connection.permits.tryAcquire()) {
            if (!blocking) {
                return CompletableFuture.failedFuture(new MemcachedException("too many requests in flight to memcached "
                        + node + " (the limit is " + config.maxRequestsInFlight() + " per connection)"));
            }
            try {
                if (!connection.permits.tryAcquire(timeout, TimeUnit.NANOSECONDS)) {
                    return CompletableFuture.failedFuture(new MemcachedTimeoutException("no free request slot to memcached "
                            + node + " within the timeout (" + config.maxRequestsInFlight() + " requests in flight)"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(new MemcachedException("interrupted while waiting for a request slot", e));
            }
        }
        Op<D, T> op = new Op<>(request, mapper, connection, start + timeout);
        connection.loop.submit(op);
        return op;
    }

    private <D, T> CompletableFuture<T> sendByKey(String key, Request<D> request, ReplyMapper<D, T> mapper, boolean blocking) {
        return send(nodeFor(key), request, mapper, timeoutNanos, blocking);
    }

    /** Sends one request per server and collects the results in server order. */
    <T> CompletableFuture<Map<ServerAddress, T>> everyServer(Function<ServerNode, CompletableFuture<T>> perServer) {
        List<CompletableFuture<T>> futures = new ArrayList<>(nodes.length);
        for (ServerNode node : nodes) {
            futures.add(perServer.apply(node));
        }
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).thenApply(ignored -> {
            Map<ServerAddress, T> result = new LinkedHashMap<>();
            for (int i = 0; i < nodes.length; i++) {
                result.put(nodes[i].address, futures.get(i).join());
            }
            return result;
        });
    }

    // ---------------------------------------------------------------- argument checks

    private byte[] checkValue(byte[] value) {
        Objects.requireNonNull(value, "value");
        if (value.length > itemSizeLimit) {
            throw new IllegalArgumentException("value of " + value.length + " bytes exceeds the item size limit of "
                    + itemSizeLimit + " bytes (ClientConfig.itemSizeLimit)");
        }
        return value;
    }

    // ---------------------------------------------------------------- operations

    CompletableFuture<Optional<Item>> get(String key, boolean blocking) {
        Keys.requireValid(key);
        return sendByKey(key, new Request.Retrieval(RetrievalCommand.GET, List.of(key), 0), Replies.ITEM, blocking);
    }

    CompletableFuture<Map<String, Item>> getAll(Collection<String> keys, boolean blocking) {
        Objects.requireNonNull(keys, "keys");
        Collection<String> unique = keys instanceof Set<?> ? keys : new LinkedHashSet<>(keys);
        for (String key : unique) {
            Keys.requireValid(key);
        }
        if (unique.isEmpty()) {
            return CompletableFuture.completedFuture(new HashMap<>());
        }
        if (ketama == null) {
            return send(nodes[0], new Request.Retrieval(RetrievalCommand.GET, List.copyOf(unique), 0),
                    Replies.ITEMS, timeoutNanos, blocking);
        }
        Map<ServerNode, List<String>> byNode = new LinkedHashMap<>();
        for (String key : unique) {
            byNode.computeIfAbsent(nodeFor(key), n -> new ArrayList<>()).add(key);
        }
        MultiGet result = new MultiGet(byNode.size());
        for (Map.Entry<ServerNode, List<String>> e : byNode.entrySet()) {
            send(e.getKey(), new Request.Retrieval(RetrievalCommand.GET, e.getValue(), 0), Replies.ITEM_LIST,
                    timeoutNanos, blocking).whenComplete(result::part);
        }
        return result;
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
        return new Request.Storage(command, key, checkValue(value), flags, expiration, cas, false);
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
            checkValue(request.value());
        }
        Request.Meta meta = new Request.Meta(request);
        String key = meta.routingKey();
        return send(key == null ? nodes[0] : nodeFor(key), meta, Replies.identity(), timeoutNanos, blocking);
    }

    CompletableFuture<Void> flushAll(Duration delay, boolean blocking) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative() || delay.getSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("flush_all delay must be 0 to " + Integer.MAX_VALUE + " seconds, was " + delay);
        }
        Request.FlushAll request = new Request.FlushAll((int) delay.getSeconds(), false);
        return everyServer(node -> send(node, request, Replies.<Void>ignore(), timeoutNanos, blocking))
                .thenApply(ignored -> null);
    }

    CompletableFuture<Map<ServerAddress, Map<String, String>>> stats(String group, boolean blocking) {
        if (group != null && !Keys.isValid(group)) {
            throw new IllegalArgumentException("stats group must be a single word such as \"settings\", was \"" + group + "\"");
        }
        Request.Stats request = new Request.Stats(group);
        return everyServer(node -> send(node, request, Replies.identity(), timeoutNanos, blocking));
    }

    CompletableFuture<Map<ServerAddress, String>> version(boolean blocking) {
        Request.Version request = new Request.Version();
        return everyServer(node -> send(node, request, Replies.identity(), timeoutNanos, blocking));
    }

    CompletableFuture<List<String>> rawCommand(ServerAddress server, String commandLine, boolean blocking) {
        ServerNode node = node(server);
        Request.RawLine request = new Request.RawLine(RawCommands.check(commandLine));
        return send(node, request, Replies.identity(), timeoutNanos, blocking);
    }

    CompletableFuture<Void> ping(long timeout, boolean blocking) {
        Request.Version request = new Request.Version();
        return everyServer(node -> send(node, request, Replies.ignore(), timeout, blocking)).thenApply(ignored -> null);
    }

    List<ServerAddress> servers() {
        return config.servers();
    }

    /**
     * Stops the event loops, which fail pending requests and close their connections, and waits for
     * their threads (unless called on one of them).
     */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (EventLoop loop : loops) {
            loop.stop();
        }
        if (IoThread.isLoopOf(this)) {
            return;
        }
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        boolean interrupted = false;
        for (EventLoop loop : loops) {
            Thread t = loop.thread();
            while (t.isAlive() && System.nanoTime() - deadline < 0) {
                try {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (t.isAlive()) {
                LOG.warn("memcached4j I/O thread {} is still busy after close(): a callback on it blocks", t.getName());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info("memcached4j client for {} closed", config.servers());
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
    private static final class MultiGet extends CompletableFuture<Map<String, Item>> {
        private final Map<String, Item> items = new HashMap<>();
        private int remaining;

        MultiGet(int parts) {
            this.remaining = parts;
        }

        void part(List<CasItem> found, Throwable failure) {
            if (failure != null) {
                completeExceptionally(MemcachedException.unwrap(failure));
                return;
            }
            boolean last;
            synchronized (items) {
                for (CasItem item : found) {
                    items.put(item.key(), item.toItem());
                }
                last = --remaining == 0;
            }
            if (last) {
                complete(items);
            }
        }
    }
}
