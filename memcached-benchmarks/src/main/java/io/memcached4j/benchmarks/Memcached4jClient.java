package io.memcached4j.benchmarks;

import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.TlsConfig;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * memcached4j with its defaults: {@code Memcached.connect(address)} (see {@code ClientConfig}: two
 * connections, two I/O threads, 1 s timeout, 1,024 requests in flight per connection).
 */
final class Memcached4jClient implements LoadClient {
    private final MemcachedClient client;

    /** Connects with the defaults, or with {@code connections} per server when it is positive. */
    Memcached4jClient(String host, int port, int connections) {
        String server = host + ":" + port;
        client = connections > 0
                ? Memcached.connect(ClientConfig.builder().servers(server).connectionsPerServer(connections).build())
                : Memcached.connect(server);
    }

    /**
     * Connects over TLS ({@code ClientConfig.tls}), with the defaults otherwise, or with
     * {@code connections} per server when it is positive.
     */
    Memcached4jClient(String host, int port, int connections, TlsConfig tls) {
        ClientConfig.Builder config = ClientConfig.builder().servers(host + ":" + port).tls(tls);
        if (connections > 0) {
            config.connectionsPerServer(connections);
        }
        client = Memcached.connect(config.build());
    }

    @Override
    public byte[] get(String key) {
        return valueOf(client.get(key));
    }

    @Override
    public void set(String key, byte[] value) {
        client.set(key, value, 0, 0);
    }

    @Override
    public int getMulti(List<String> keys) {
        return client.getAll(keys).size();
    }

    @Override
    public void getAsync(String key, BiConsumer<byte[], Throwable> done) {
        client.async().get(key).whenComplete((item, error) -> done.accept(error == null ? valueOf(item) : null, error));
    }

    @Override
    public void close() {
        client.close();
    }

    private static byte[] valueOf(Optional<Item> item) {
        return item.isPresent() ? item.get().value() : null;
    }
}
