package io.memcached4j.core;

import io.memcached4j.AsyncMemcachedClient;
import io.memcached4j.CasItem;
import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.LineConnection;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.MetaRequest;
import io.memcached4j.MetaResponse;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.codec.Request.StorageCommand;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A complete {@link MemcachedClient} over a transport's {@link RequestDispatcher}: each blocking
 * method is the asynchronous one joined with the operation timeout, so both share one code path.
 * Calling it from a callback running on the transport's I/O thread is refused with
 * {@link IllegalStateException}, since it would deadlock.
 */
public final class DispatchingClient implements MemcachedClient {
    /** Extra wait beyond a request's deadline, so the transport's own timeout normally reports it. */
    private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long a lone blocking call spins on its reply before it parks: about a loopback round trip. */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /** How long after two callers last waited at once a lone caller still does not spin. */
    private static final long CONCURRENCY_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final AsyncClient client;
    /** Keeps the server list in step with ElastiCache or DNS groups; null without discovery. */
    private final ServerDiscovery discovery;
    /** The callers blocked in {@link #join} now. */
    private final AtomicInteger waiting = new AtomicInteger();
    /** When a blocking caller last found another one waiting; written racily, it is only a hint. */
    private volatile long lastConcurrentNanos;

    private DispatchingClient(AsyncClient client, ServerDiscovery discovery) {
        this.client = client;
        this.discovery = discovery;
        this.lastConcurrentNanos = System.nanoTime() - 2 * CONCURRENCY_WINDOW_NANOS;
    }

    /**
     * Creates the client of a transport. When its configuration asks for server discovery
     * ({@link ClientConfig#hasDiscovery()}), asks for the servers once before returning, then keeps
     * asking on a thread of its own until the client is closed.
     *
     * @param dispatcher the transport
     * @return a client that validates, routes and maps every operation, and closes the dispatcher on close
     * @throws io.memcached4j.MemcachedConnectionException when discovery names no server (the
     *     dispatcher is closed then)
     */
    public static MemcachedClient create(RequestDispatcher dispatcher) {
        AsyncClient client = new AsyncClient(Objects.requireNonNull(dispatcher, "dispatcher"));
        ServerDiscovery discovery;
        try {
            discovery = ServerDiscovery.start(client);
        } catch (RuntimeException | Error e) {
            client.closing();
            dispatcher.close();
            client.closed();
            throw e;
        }
        return new DispatchingClient(client, discovery);
    }

    /**
     * Waits for a blocking call's request until its own deadline, {@code start} plus the operation
     * timeout (and a grace), not a full timeout from whenever the transport returned: waiting for a
     * request slot, or a caller held up before its request went out, must not add to the wait.
     *
     * @param start {@link System#nanoTime()} before the request was made: call as
     *     {@code join(System.nanoTime(), client.get(...))}, arguments being evaluated left to right
     */
    private <T> T join(long start, CompletableFuture<T> future) {
        return join(start, future, client.timeoutNanos());
    }

    private <T> T join(long start, CompletableFuture<T> future, long timeoutNanos) {
        long end = start + timeoutNanos + GRACE_NANOS;
        if (future.isDone()) {
            return await(future, end, timeoutNanos);
        }
        long now = System.nanoTime();
        if (waiting.getAndIncrement() > 0) {
            if (now - lastConcurrentNanos > SPIN_NANOS) {
                lastConcurrentNanos = now;
            }
        } else if (now - lastConcurrentNanos > CONCURRENCY_WINDOW_NANOS) {
            spinUntilDone(future, now);
        }
        try {
            return await(future, end, timeoutNanos);
        } finally {
            waiting.decrementAndGet();
        }
    }

    private static <T> T await(CompletableFuture<T> future, long end, long timeoutNanos) {
        try {
            return future.isDone() ? future.get() // no clock read for a reply already in, as a lane's is
                    : future.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw rethrow(e);
        } catch (TimeoutException e) {
            throw new MemcachedTimeoutException("no reply within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemcachedException("interrupted while waiting for memcached", e);
        }
    }

    /**
     * Waits up to {@link #SPIN_NANOS} without parking: a reply that comes that soon then costs the
     * I/O thread no unpark and the caller no park, two futex calls and a context switch. Only a
     * caller that waits alone, and has for {@link #CONCURRENCY_WINDOW_NANOS}, spins: concurrent
     * callers would take the cores the I/O thread and a local memcached need. It yields while it
     * spins, so that a thread woken on its core (the I/O thread, or a memcached on the same machine)
     * runs at once; it reads the clock after every yield, as one yield can take long on a loaded machine.
     */
    private static void spinUntilDone(CompletableFuture<?> future, long now) {
        long deadline = now + SPIN_NANOS;
        while (!future.isDone() && System.nanoTime() - deadline < 0) {
            Thread.yield();
        }
    }

    private static RuntimeException rethrow(ExecutionException e) {
        Throwable cause = MemcachedException.unwrap(e);
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new MemcachedException("memcached request failed", cause);
    }

    @Override
    public AsyncMemcachedClient async() {
        return client;
    }

    @Override
    public Optional<Item> get(String key) {
        return join(System.nanoTime(), client.get(key, AsyncClient.BLOCKING));
    }

    @Override
    public Map<String, Item> getAll(Collection<String> keys) {
        return join(System.nanoTime(), client.getAll(keys, AsyncClient.BLOCKING));
    }

    @Override
    public Optional<CasItem> getWithCas(String key) {
        return join(System.nanoTime(), client.getWithCas(key, AsyncClient.BLOCKING));
    }

    @Override
    public Optional<Item> getAndTouch(String key, int expiration) {
        return join(System.nanoTime(), client.getAndTouch(key, expiration, AsyncClient.BLOCKING));
    }

    @Override
    public void set(Item item) {
        join(System.nanoTime(), client.set(item, AsyncClient.BLOCKING));
    }

    @Override
    public void set(String key, byte[] value, int flags, int expiration) {
        set(new Item(key, value, flags, expiration));
    }

    @Override
    public boolean add(Item item) {
        return join(System.nanoTime(), client.store(StorageCommand.ADD, item, AsyncClient.BLOCKING));
    }

    @Override
    public boolean replace(Item item) {
        return join(System.nanoTime(), client.store(StorageCommand.REPLACE, item, AsyncClient.BLOCKING));
    }

    @Override
    public boolean append(String key, byte[] suffix) {
        return join(System.nanoTime(), client.concat(StorageCommand.APPEND, key, suffix, AsyncClient.BLOCKING));
    }

    @Override
    public boolean prepend(String key, byte[] prefix) {
        return join(System.nanoTime(), client.concat(StorageCommand.PREPEND, key, prefix, AsyncClient.BLOCKING));
    }

    @Override
    public void compareAndSwap(CasItem item) {
        join(System.nanoTime(), client.compareAndSwap(item, AsyncClient.BLOCKING));
    }

    @Override
    public boolean delete(String key) {
        return join(System.nanoTime(), client.delete(key, AsyncClient.BLOCKING));
    }

    @Override
    public OptionalLong increment(String key, long delta) {
        return join(System.nanoTime(), client.arithmetic(true, key, delta, AsyncClient.BLOCKING));
    }

    @Override
    public OptionalLong decrement(String key, long delta) {
        return join(System.nanoTime(), client.arithmetic(false, key, delta, AsyncClient.BLOCKING));
    }

    @Override
    public boolean touch(String key, int expiration) {
        return join(System.nanoTime(), client.touch(key, expiration, AsyncClient.BLOCKING));
    }

    @Override
    public MetaResponse meta(MetaRequest request) {
        return join(System.nanoTime(), client.meta(request, AsyncClient.BLOCKING));
    }

    @Override
    public void flushAll() {
        flushAll(Duration.ZERO);
    }

    @Override
    public void flushAll(Duration delay) {
        join(System.nanoTime(), client.flushAll(delay, AsyncClient.BLOCKING));
    }

    @Override
    public Map<ServerAddress, Map<String, String>> stats() {
        return join(System.nanoTime(), client.stats(null, AsyncClient.BLOCKING));
    }

    @Override
    public Map<ServerAddress, Map<String, String>> stats(String group) {
        return join(System.nanoTime(), client.stats(group, AsyncClient.BLOCKING));
    }

    @Override
    public Map<ServerAddress, String> version() {
        return join(System.nanoTime(), client.version(AsyncClient.BLOCKING));
    }

    @Override
    public List<String> rawCommand(ServerAddress server, String commandLine) {
        return join(System.nanoTime(), client.rawCommand(server, commandLine, AsyncClient.BLOCKING));
    }

    @Override
    public void ping() {
        join(System.nanoTime(), client.ping(client.timeoutNanos(), AsyncClient.BLOCKING));
    }

    @Override
    public void ping(Duration timeout) {
        long nanos = positive(timeout).toNanos();
        join(System.nanoTime(), client.ping(nanos, AsyncClient.BLOCKING), nanos);
    }

    private static Duration positive(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return timeout;
    }

    @Override
    public LineConnection openLineConnection(ServerAddress server) {
        client.requireServer(server);
        return client.dispatcher().openLineConnection(server);
    }

    @Override
    public void updateServers(List<ServerAddress> servers) {
        client.updateServers(servers);
    }

    @Override
    public List<ServerAddress> servers() {
        return client.servers();
    }

    @Override
    public String address() {
        return client.servers().stream().map(ServerAddress::toString).collect(Collectors.joining(","));
    }

    @Override
    public ClientConfig config() {
        return client.dispatcher().config();
    }

    @Override
    public void close() {
        if (discovery != null) {
            discovery.close();
        }
        client.closing();
        client.dispatcher().close();
        client.closed();
    }

    @Override
    public String toString() {
        return "MemcachedClient[" + client.dispatcher().name() + " " + address() + "]";
    }
}
