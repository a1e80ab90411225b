package io.memcached4j.benchmarks.micro;

import io.memcached4j.CasItem;
import io.memcached4j.ClientConfig;
import io.memcached4j.ClientListener;
import io.memcached4j.Item;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.DispatchingClient;
import io.memcached4j.core.codec.Request;
import io.memcached4j.micrometer.MemcachedMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH benchmark of what the client's own code path costs per request, with and without the
 * Micrometer metrics bound ({@code -p listener=none,noop,metrics}; {@code noop}, a listener that does
 * nothing, is the client's own cost of having a listener): a blocking get, an asynchronous get
 * and a blocking 100-key multi-get, over a transport that answers at once on the caller's thread
 * (every key found), so the difference between the two is the metrics' CPU and, with
 * {@code -prof gc}, their allocation per request. Run with {@code -t 2} for two threads recording
 * into the same meters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetricsBenchmark {
    private static final int MULTI_GET_KEYS = 100;

    /**
     * {@code none}: no listener; {@code noop}: a listener whose methods do nothing; {@code metrics}:
     * {@code MemcachedMetrics.bind} to a SimpleMeterRegistry.
     */
    @Param({"none", "noop", "metrics"})
    public String listener;

    private MemcachedClient client;
    private final List<String> keys = new ArrayList<>();

    /** Creates the benchmark state. */
    public MetricsBenchmark() {
    }

    /** Connects the client to the answering transport. */
    @Setup
    public void setUp() {
        ClientConfig.Builder config = ClientConfig.builder().servers(List.of(new ServerAddress("127.0.0.1", 11211)));
        if (listener.equals("metrics")) {
            MemcachedMetrics.bind(config, new SimpleMeterRegistry());
        } else if (listener.equals("noop")) {
            config.listener(new ClientListener() {
            });
        } else if (!listener.equals("none")) {
            throw new IllegalArgumentException("listener is none, noop or metrics, was " + listener);
        }
        for (int i = 0; i < MULTI_GET_KEYS; i++) {
            keys.add("key:" + i);
        }
        client = DispatchingClient.create(new AnsweringDispatcher(config.build(), keys));
    }

    /** Closes the client. */
    @TearDown
    public void tearDown() {
        client.close();
    }

    /** @return a blocking get's result */
    @Benchmark
    public Optional<Item> get() {
        return client.get("key:1");
    }

    /** @return an asynchronous get's result */
    @Benchmark
    public Optional<Item> asyncGet() {
        return client.async().get("key:1").join();
    }

    /** @return a blocking 100-key multi-get's result */
    @Benchmark
    public Map<String, Item> getAll() {
        return client.getAll(keys);
    }

    /** A transport whose every request is answered at once, on the caller's thread; a retrieval finds every key. */
    private static final class AnsweringDispatcher extends CallerThreadDispatcher {
        private final List<CasItem> one;
        private final List<CasItem> all = new ArrayList<>();
        /** What a multi-get's decoder returns: the items by key. */
        private final Map<String, Item> allByKey = new HashMap<>();

        AnsweringDispatcher(ClientConfig config, List<String> keys) {
            super(config, "answering");
            for (String key : keys) {
                all.add(new CasItem(key, new byte[100], 0, 0, 1));
                allByKey.put(key, Item.of(key, new byte[100]));
            }
            this.one = List.of(all.get(1));
        }

        /** A get's reply is a list of items, a getAll's the map; only these are sent. */
        @Override
        Object answer(Request<?> request) {
            if (request instanceof Request.GetAll) {
                return allByKey;
            }
            return ((Request.Retrieval) request).keys().size() == 1 ? one : all;
        }
    }
}
