package io.memcached4j.benchmarks;

import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;

import io.memcached4j.ServerAddress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * xmemcached 2.4.8 with its defaults: {@code new XMemcachedClientBuilder(addresses).build()}
 * (text protocol, a pool of one connection per server, 5 s operation timeout, get merging on,
 * {@code SerializingTranscoder}, which gzips values above 16 KiB; keys spread by hash modulo the
 * server count), or a pool of {@code connections} set by {@code setConnectionPoolSize}. It has no
 * asynchronous get, so it sits out that workload.
 */
final class XmemcachedClient implements LoadClient {
    private final MemcachedClient client;

    XmemcachedClient(List<ServerAddress> servers, int connections) throws IOException {
        XMemcachedClientBuilder builder = new XMemcachedClientBuilder(
                servers.stream().map(s -> new InetSocketAddress(s.host(), s.port())).toList());
        if (connections > 0) {
            builder.setConnectionPoolSize(connections);
        }
        client = builder.build();
    }

    @Override
    public byte[] get(String key) throws Exception {
        return client.get(key);
    }

    @Override
    public void set(String key, byte[] value) throws Exception {
        if (!client.set(key, 0, value)) {
            throw new IllegalStateException("set " + key + " was not stored");
        }
    }

    @Override
    public int getMulti(List<String> keys) throws Exception {
        Map<String, byte[]> found = client.get(keys);
        return found.size();
    }

    @Override
    public void getAsync(String key, BiConsumer<byte[], Throwable> done) {
        throw new UnsupportedOperationException("xmemcached has no asynchronous get");
    }

    @Override
    public void close() throws IOException {
        client.shutdown();
    }
}
