package io.memcached4j.benchmarks;

import net.spy.memcached.MemcachedClient;

import io.memcached4j.ServerAddress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * spymemcached 2.12.3 with its defaults: {@code new MemcachedClient(address)}, that is
 * {@code DefaultConnectionFactory} (text protocol, one connection per server and no setting for
 * more, 2.5 s operation timeout, 16,384-operation queues, {@code SerializingTranscoder}, which
 * gzips values above 16 KiB; keys spread by {@code NATIVE_HASH} modulo the server count).
 */
final class SpymemcachedClient implements LoadClient {
    private final MemcachedClient client;

    SpymemcachedClient(List<ServerAddress> servers) throws IOException {
        client = new MemcachedClient(servers.stream().map(s -> new InetSocketAddress(s.host(), s.port())).toList());
        // Every server connected before the first request: with the default failure mode
        // (redistribute), a key whose server is not connected yet goes to another one.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.getAvailableServers().size() < servers.size()) {
            if (System.nanoTime() - deadline > 0) {
                client.shutdown();
                throw new IOException("spymemcached connected to " + client.getAvailableServers().size() + " of "
                        + servers.size() + " servers within 10 s");
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    @Override
    public byte[] get(String key) {
        return (byte[]) client.get(key);
    }

    @Override
    public void set(String key, byte[] value) throws Exception {
        if (!client.set(key, 0, value).get()) {
            throw new IllegalStateException("set " + key + " was not stored");
        }
    }

    @Override
    public int getMulti(List<String> keys) {
        return client.getBulk(keys).size();
    }

    @Override
    public void getAsync(String key, BiConsumer<byte[], Throwable> done) {
        client.asyncGet(key).addListener(future -> {
            try {
                done.accept((byte[]) future.get(), null);
            } catch (ExecutionException e) {
                done.accept(null, e.getCause());
            } catch (RuntimeException e) {
                done.accept(null, e);
            }
        });
    }

    @Override
    public void close() {
        client.shutdown(5, TimeUnit.SECONDS);
    }
}
