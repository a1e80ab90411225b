package io.memcached4j.transport.nio;

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
import io.memcached4j.spi.Request.StorageCommand;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The blocking client: each method is the asynchronous one of {@link NioClient} joined with the
 * operation timeout, so both share one code path. Calling it from a callback running on the
 * client's I/O thread is refused with {@link IllegalStateException} before anything is sent, since
 * it would deadlock.
 */
final class NioMemcachedClient implements MemcachedClient {
    /** Extra wait beyond a request's deadline, so the event loop's own timeout normally reports it. */
    private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(4 * EventLoop.TICK_MILLIS);

    private final NioClient client;

    NioMemcachedClient(NioClient client) {
        this.client = client;
    }

    private <T> T join(CompletableFuture<T> future) {
        return join(future, client.timeoutNanos());
    }

    private <T> T join(CompletableFuture<T> future, long timeoutNanos) {
        try {
            return future.get(timeoutNanos + GRACE_NANOS, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw rethrow(e);
        } catch (TimeoutException e) {
            throw new MemcachedTimeoutException("no reply within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemcachedException("interrupted while waiting for memcached", e);
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
        return join(client.get(key, NioClient.BLOCKING));
    }

    @Override
    public Map<String, Item> getAll(Collection<String> keys) {
        return join(client.getAll(keys, NioClient.BLOCKING));
    }

    @Override
    public Optional<CasItem> getWithCas(String key) {
        return join(client.getWithCas(key, NioClient.BLOCKING));
    }

    @Override
    public Optional<Item> getAndTouch(String key, int expiration) {
        return join(client.getAndTouch(key, expiration, NioClient.BLOCKING));
    }

    @Override
    public void set(Item item) {
        join(client.set(item, NioClient.BLOCKING));
    }

    @Override
    public void set(String key, byte[] value, int flags, int expiration) {
        set(new Item(key, value, flags, expiration));
    }

    @Override
    public boolean add(Item item) {
        return join(client.store(StorageCommand.ADD, item, NioClient.BLOCKING));
    }

    @Override
    public boolean replace(Item item) {
        return join(client.store(StorageCommand.REPLACE, item, NioClient.BLOCKING));
    }

    @Override
    public boolean append(String key, byte[] suffix) {
        return join(client.concat(StorageCommand.APPEND, key, suffix, NioClient.BLOCKING));
    }

    @Override
    public boolean prepend(String key, byte[] prefix) {
        return join(client.concat(StorageCommand.PREPEND, key, prefix, NioClient.BLOCKING));
    }

    @Override
    public void compareAndSwap(CasItem item) {
        join(client.compareAndSwap(item, NioClient.BLOCKING));
    }

    @Override
    public boolean delete(String key) {
        return join(client.delete(key, NioClient.BLOCKING));
    }

    @Override
    public OptionalLong increment(String key, long delta) {
        return join(client.arithmetic(true, key, delta, NioClient.BLOCKING));
    }

    @Override
    public OptionalLong decrement(String key, long delta) {
        return join(client.arithmetic(false, key, delta, NioClient.BLOCKING));
    }

    @Override
    public boolean touch(String key, int expiration) {
        return join(client.touch(key, expiration, NioClient.BLOCKING));
    }

    @Override
    public MetaResponse meta(MetaRequest request) {
        return join(client.meta(request, NioClient.BLOCKING));
    }

    @Override
    public void flushAll() {
        flushAll(Duration.ZERO);
    }

    @Override
    public void flushAll(Duration delay) {
        join(client.flushAll(delay, NioClient.BLOCKING));
    }

    @Override
    public Map<ServerAddress, Map<String, String>> stats() {
        return join(client.stats(null, NioClient.BLOCKING));
    }

    @Override
    public Map<ServerAddress, Map<String, String>> stats(String group) {
        return join(client.stats(group, NioClient.BLOCKING));
    }

    @Override
    public Map<ServerAddress, String> version() {
        return join(client.version(NioClient.BLOCKING));
    }

    @Override
    public List<String> rawCommand(ServerAddress server, String commandLine) {
        return join(client.rawCommand(server, commandLine, NioClient.BLOCKING));
    }

    @Override
    public List<String> rawCommand(String commandLine) {
        List<ServerAddress> servers = client.servers();
        if (servers.size() != 1) {
            throw new IllegalStateException("this client has " + servers.size()
                    + " servers: name one with rawCommand(ServerAddress, String)");
        }
        return rawCommand(servers.get(0), commandLine);
    }

    @Override
    public void ping() {
        join(client.ping(client.timeoutNanos(), NioClient.BLOCKING));
    }

    @Override
    public void ping(Duration timeout) {
        long nanos = positive(timeout).toNanos();
        join(client.ping(nanos, NioClient.BLOCKING), nanos);
    }

    private static Duration positive(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return timeout;
    }

    @Override
    public LineConnection openLineConnection(ServerAddress server) {
        ClientConfig config = client.config();
        return SocketLineConnection.open(client.node(server).address, config.connectTimeout(),
                config.itemSizeLimit() + 1024);
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
        return client.config();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "MemcachedClient[nio " + address() + "]";
    }
}
