package io.memcached4j.benchmarks;

import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.TlsConfig;
import io.memcached4j.micrometer.MemcachedMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * memcached4j with its defaults: {@code Memcached.connect(config)} with only the servers set (see
 * {@code ClientConfig}: two connections per server, two I/O threads, 1 s timeout, 1,024 requests in
 * flight per connection). With metrics, the configuration is bound by
 * {@code MemcachedMetrics.bind(builder, registry)}, the one call the README shows, to a
 * {@link SimpleMeterRegistry}: its timers and counters record as a Prometheus registry's do
 * (cumulative count, total and decaying maximum), and exporting is no part of the request path.
 */
final class Memcached4jClient implements LoadClient {
    private final MemcachedClient client;
    private final MeterRegistry registry;

    /**
     * Connects with the defaults, but for what {@code settings} sets, over TLS
     * ({@code ClientConfig.tls}) when {@code tls} is not null.
     */
    Memcached4jClient(List<ServerAddress> servers, ClientSettings settings, boolean metrics, TlsConfig tls) {
        ClientConfig.Builder config = config(servers, settings, tls);
        registry = metrics ? new SimpleMeterRegistry() : null;
        if (metrics) {
            MemcachedMetrics.bind(config, registry);
        }
        client = Memcached.connect(config.build());
    }

    /**
     * The defaults with only the servers set, but for what {@code settings} sets, and TLS when
     * {@code tls} is not null.
     */
    static ClientConfig.Builder config(List<ServerAddress> servers, ClientSettings settings, TlsConfig tls) {
        ClientConfig.Builder config = ClientConfig.builder().servers(servers);
        if (tls != null) {
            config.tls(tls);
        }
        if (settings.connectionsPerServer() > 0) {
            config.connectionsPerServer(settings.connectionsPerServer());
        }
        if (settings.itemSizeLimit() > 0) {
            config.itemSizeLimit(settings.itemSizeLimit());
        }
        return config;
    }

    /** How many requests the metrics' request timers (or function timers, the default) counted; 0 without metrics. */
    long recordedRequests() {
        if (registry == null) {
            return 0;
        }
        return registry.find(MemcachedMetrics.REQUESTS).timers().stream().mapToLong(Timer::count).sum()
                + registry.find(MemcachedMetrics.REQUESTS).functionTimers().stream()
                        .mapToLong(t -> (long) t.count()).sum();
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
