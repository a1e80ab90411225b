package io.memcached4j.benchmarks.soak;

import io.memcached4j.AsyncMemcachedClient;
import io.memcached4j.CasItem;
import io.memcached4j.Item;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MetaRequest;
import io.memcached4j.MetaResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One thread of mixed operations on a shared key space, blocking and asynchronous (at most
 * {@value #WINDOW} asynchronous requests in flight): gets, multi-gets, meta gets, sets, deletes,
 * touches and compare-and-swap. Every value read is checked against its key.
 */
final class SoakWorker implements Runnable {
    static final int WINDOW = 16;

    private final MemcachedClient client;
    private final AsyncMemcachedClient async;
    private final String[] keys;
    private final SoakTally tally;
    private final BooleanSupplier running;
    private final SplittableRandom random;
    private final Semaphore window = new Semaphore(WINDOW);

    SoakWorker(MemcachedClient client, String[] keys, SoakTally tally, BooleanSupplier running, long seed) {
        this.client = client;
        this.async = client.async();
        this.keys = keys.clone();
        this.tally = tally;
        this.running = running;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            String key = keys[random.nextInt(keys.length)];
            int op = random.nextInt(100);
            if (op < 20) {
                blocking("get", () -> check(key, client.get(key)));
            } else if (op < 40) {
                later("async get", () -> async.get(key), found -> check(key, found));
            } else if (op < 52) {
                blocking("set", () -> client.set(key, value(key), random.nextInt(3), 0));
            } else if (op < 62) {
                later("async set", () -> async.set(Item.of(key, value(key))), ignored -> { });
            } else if (op < 70) {
                List<String> some = someKeys();
                blocking("getAll", () -> check(some, client.getAll(some)));
            } else if (op < 76) {
                List<String> some = someKeys();
                later("async getAll", () -> async.getAll(some), found -> check(some, found));
            } else if (op < 82) {
                later("async mg", () -> async.meta(MetaRequest.get(key).value().key().build()), response -> check(key, response));
            } else if (op < 87) {
                blocking("delete", () -> client.delete(key));
            } else if (op < 92) {
                later("async gat", () -> async.getAndTouch(key, 0), found -> check(key, found));
            } else {
                compareAndSwap(key);
            }
        }
        window.acquireUninterruptibly(WINDOW); // every asynchronous request has completed
        window.release(WINDOW);
    }

    private byte[] value(String key) {
        int length = random.nextInt(100) == 0 ? random.nextInt(100_000) : random.nextInt(1_000);
        return SoakValues.make(key, random.nextLong(), length);
    }

    private List<String> someKeys() {
        int n = 2 + random.nextInt(6);
        List<String> some = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String k = keys[random.nextInt(keys.length)];
            if (!some.contains(k)) {
                some.add(k);
            }
        }
        return some;
    }

    /** Two requests, each timed on its own: a read with the CAS token, then the compare-and-swap. */
    private void compareAndSwap(String key) {
        AtomicReference<Optional<CasItem>> current = new AtomicReference<>(Optional.empty());
        blocking("gets", () -> current.set(client.getWithCas(key)));
        current.get().ifPresent(item -> {
            check(key, item.value(), item.key());
            blocking("cas", () -> client.compareAndSwap(item.withValue(value(key))));
        });
    }

    /** Runs a blocking call, timed from the call. */
    private void blocking(String what, Runnable call) {
        long start = System.nanoTime();
        try {
            call.run();
        } catch (RuntimeException e) {
            tally.finished(what, start, e);
            return;
        }
        tally.finished(what, start, null);
    }

    /** Sends an asynchronous call within the window, timed from the call, and checks its result on completion. */
    private <T> void later(String what, Supplier<CompletableFuture<T>> call, Consumer<T> check) {
        window.acquireUninterruptibly();
        long start = System.nanoTime();
        CompletableFuture<T> future;
        try {
            future = call.get();
        } catch (RuntimeException e) {
            tally.finished(what, start, e);
            window.release();
            return;
        }
        future.whenComplete((result, failure) -> {
            try {
                tally.finished(what, start, failure);
                if (failure == null) {
                    check.accept(result);
                }
            } finally {
                window.release();
            }
        });
    }

    private void check(String key, Optional<Item> found) {
        found.ifPresent(item -> check(key, item.value(), item.key()));
    }

    private void check(String key, byte[] value, String itemKey) {
        if (!key.equals(itemKey)) {
            tally.wrongValue("asked for " + key + ", got an item of " + itemKey);
        } else if (!SoakValues.isValueOf(key, value)) {
            tally.wrongValue("asked for " + key + ", got " + preview(value));
        }
    }

    private void check(List<String> asked, Map<String, Item> found) {
        for (Map.Entry<String, Item> e : found.entrySet()) {
            if (!asked.contains(e.getKey())) {
                tally.wrongValue("asked for " + asked + ", got " + e.getKey());
            } else {
                check(e.getKey(), e.getValue().value(), e.getValue().key());
            }
        }
    }

    private void check(String key, MetaResponse response) {
        if (response.isSuccess() && response.value() != null) {
            check(key, response.value(), response.flag('k').orElse(key));
        }
    }

    private static String preview(byte[] value) {
        if (value == null) {
            return "null";
        }
        String text = new String(value, 0, Math.min(60, value.length), StandardCharsets.ISO_8859_1);
        return value.length + " bytes \"" + text + (value.length > 60 ? "..." : "") + "\"";
    }
}
