package io.memcached4j.transport.nio;

import io.memcached4j.process.Await;
import io.memcached4j.AsyncMemcachedClient;
import io.memcached4j.CasItem;
import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MetaRequest;
import io.memcached4j.MetaResponse;
import io.memcached4j.MetaStatus;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.FaultRule;
import io.memcached4j.testkit.RequestMatcher;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At least a million requests from 8 threads against the testkit's fake over TCP, with the faults
 * that desync a connection injected at random (a reply for another key or request, extra replies of
 * every kind, duplicated replies, replies split and delayed): no value reaches a request for another
 * key. Every value encodes its key and is checked; failures are counted by type and printed.
 *
 * <p>{@code -Dcorrelation.requests=N} runs fewer or more requests; {@code -Dcorrelation.seed=S}
 * replays the fault draws.
 */
class ReplyCorrelationIT {
    private static final int THREADS = 8;
    private static final int KEYS = 1_000;
    private static final int WINDOW = 64;
    /** The probability of each fault, per request. */
    private static final double FAULT_RATE = 1.0 / 6_000;

    private static String key(int i) {
        return "key:" + i;
    }

    /** The value of a key: the key, then filler of a length the key decides (8 to 135 bytes). */
    private static byte[] value(String key) {
        int filler = 8 + Math.floorMod(key.hashCode(), 128);
        return (key + "=" + "v".repeat(filler)).getBytes(UTF_8);
    }

    private static final Map<String, byte[]> VALUES = new ConcurrentHashMap<>();

    private static byte[] expected(String key) {
        return VALUES.computeIfAbsent(key, ReplyCorrelationIT::value);
    }

    /** What the threads saw. */
    private static final class Tally {
        final LongAdder issued = new LongAdder();
        final LongAdder succeeded = new LongAdder();
        final LongAdder values = new LongAdder();
        final LongAdder wrongValues = new LongAdder();
        final LongAdder classicMisses = new LongAdder();
        final LongAdder metaMisses = new LongAdder();
        final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> wrongExamples = new ConcurrentLinkedQueue<>();

        void failed(Throwable t) {
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            failures.computeIfAbsent(cause.getClass().getSimpleName(), k -> new LongAdder()).increment();
        }

        /** Checks a value read for {@code key}. */
        void value(String asked, String key, byte[] value) {
            values.increment();
            if (!asked.equals(key) || !Arrays.equals(expected(asked), value)) {
                wrongValues.increment();
                if (wrongExamples.size() < 10) {
                    wrongExamples.add("asked " + asked + ", got " + key + " = " + new String(value, UTF_8));
                }
            }
        }
    }

    @Test
    void noValueReachesARequestForAnotherKey() throws Exception {
        int requests = Integer.getInteger("correlation.requests", 1_000_000);
        long seed = Long.getLong("correlation.seed", System.nanoTime());
        Random faultDraws = new Random(seed);
        try (FakeMemcached fake = FakeMemcached.start();
             MemcachedClient client = Memcached.connect(ClientConfig.builder().servers(List.of(fake.address()))
                     .transport("nio").operationTimeout(Duration.ofSeconds(2))
                     .reconnectDelay(Duration.ofMillis(5), Duration.ofMillis(50)).build())) {
            for (int i = 0; i < KEYS; i++) {
                client.set(Item.of(key(i), expected(key(i))));
            }
            List<FaultRule> rules = injectFaults(fake, faultDraws);
            Tally tally = new Tally();
            long started = System.nanoTime();
            Duration cpuBefore = cpuTime();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long threadSeed = seed + t;
                int share = requests / THREADS + (t < requests % THREADS ? 1 : 0);
                Thread thread = new Thread(() -> drive(client, share, new SplittableRandom(threadSeed), tally),
                        "correlation-" + t);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.MINUTES.toMillis(5));
                assertTrue(!thread.isAlive(), thread.getName() + " did not finish");
            }
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            Duration cpu = cpuTime().minus(cpuBefore);
            long failed = tally.failures.values().stream().mapToLong(LongAdder::sum).sum();
            Map<String, Long> failures = new TreeMap<>();
            tally.failures.forEach((type, n) -> failures.put(type, n.sum()));
            Map<String, Integer> faults = new TreeMap<>();
            for (FaultRule rule : rules) {
                faults.merge(rule.toString().replaceAll(", matched \\d+]", "]"), rule.matchCount(), Integer::sum);
            }
            System.out.printf("reply correlation: %,d requests from %d threads in %,d ms (%,d/s; %,d ms of CPU, client and"
                            + " fake together), seed %d%n"
                            + "  succeeded %,d; failed %,d by type %s%n"
                            + "  values checked %,d, delivered to the wrong request %,d %s%n"
                            + "  misses (every key exists: each is a stray reply taken for a miss): classic %,d, meta %,d%n"
                            + "  faults injected: %s%n",
                    tally.issued.sum(), THREADS, elapsedMillis, tally.issued.sum() * 1000 / Math.max(1, elapsedMillis),
                    cpu.toMillis(), seed, tally.succeeded.sum(), failed, failures, tally.values.sum(), tally.wrongValues.sum(),
                    tally.wrongExamples, tally.classicMisses.sum(), tally.metaMisses.sum(), faults);

            assertEquals(0, tally.wrongValues.sum(), "values delivered to the wrong request: " + tally.wrongExamples);
            assertEquals(0, tally.metaMisses.sum(), "a meta reply carries its opaque token: no stray reply is a meta miss");
            assertEquals(requests, tally.issued.sum());
            assertEquals(requests, tally.succeeded.sum() + failed, "every request completed");
            assertTrue(failures.getOrDefault("ProtocolException", 0L) > 0, "the faults were detected as desyncs");
            for (FaultRule rule : rules) {
                assertTrue(rule.matchCount() > 0, rule + " was never injected");
            }
            assertTrue(tally.succeeded.sum() > requests * 0.8, "most requests succeed between the faults");
            fake.faults().clear();
            Await.until(Duration.ofSeconds(5), () -> {
                try {
                    return Arrays.equals(expected(key(7)), client.get(key(7)).orElseThrow().value());
                } catch (RuntimeException e) {
                    return false;
                }
            }, "the client works after the faults stop");
        }
    }

    private static Duration cpuTime() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Installs each desync fault at random, at {@link #FAULT_RATE} per request. */
    private static List<FaultRule> injectFaults(FakeMemcached fake, Random draws) {
        // matchers run on the fake's one server thread
        RequestMatcher sometimes = request -> draws.nextDouble() < FAULT_RATE;
        RequestMatcher reads = RequestMatcher.command("get", "gets", "mg");
        String strayKey = key(5);
        byte[] strayValue = expected(strayKey);
        byte[] classicHit = concat(("VALUE " + strayKey + " 0 " + strayValue.length + "\r\n").getBytes(UTF_8),
                strayValue, "\r\nEND\r\n".getBytes(UTF_8));
        byte[] metaHit = concat(("VA " + strayValue.length + " Ostray\r\n").getBytes(UTF_8), strayValue,
                "\r\n".getBytes(UTF_8));
        List<FaultRule> rules = new ArrayList<>();
        // only reads: a storage command executed for another key would store this key's value there
        rules.add(fake.faults().on(reads.and(sometimes)).replyForKey(key(1)));
        rules.add(fake.faults().on(reads.and(sometimes)).replyForKey(key(2)));
        rules.add(fake.faults().on(sometimes).extraReply(classicHit));
        rules.add(fake.faults().on(sometimes).extraReply(metaHit));
        rules.add(fake.faults().on(sometimes).extraReply("END\r\n".getBytes(UTF_8)));
        rules.add(fake.faults().on(sometimes).extraReply("STORED\r\n".getBytes(UTF_8)));
        rules.add(fake.faults().on(sometimes).duplicateReply());
        rules.add(fake.faults().on(sometimes).splitReply(7, Duration.ofMillis(20)));
        return rules;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** One thread's requests: mostly asynchronous, {@link #WINDOW} in flight, some blocking. */
    private static void drive(MemcachedClient client, int requests, SplittableRandom random, Tally tally) {
        AsyncMemcachedClient async = client.async();
        Semaphore window = new Semaphore(WINDOW);
        for (int i = 0; i < requests; i++) {
            String key = key(random.nextInt(KEYS));
            int kind = random.nextInt(100);
            tally.issued.increment();
            if (kind < 5) {
                blocking(client, key, kind, tally);
                continue;
            }
            window.acquireUninterruptibly();
            CompletableFuture<?> future;
            try {
                future = send(async, key, kind, random, tally);
            } catch (RuntimeException e) { // backpressure or a closed client
                tally.failed(e);
                window.release();
                continue;
            }
            future.whenComplete((ok, failure) -> {
                if (failure != null) {
                    tally.failed(failure);
                } else {
                    tally.succeeded.increment();
                }
                window.release();
            });
        }
        window.acquireUninterruptibly(WINDOW);
    }

    private static CompletableFuture<?> send(AsyncMemcachedClient async, String key, int kind, SplittableRandom random,
                                             Tally tally) {
        if (kind < 50) {
            return async.get(key).thenAccept(item -> classic(key, item, tally));
        } else if (kind < 60) {
            List<String> keys = List.of(key, key(random.nextInt(KEYS)), key(random.nextInt(KEYS)));
            return async.getAll(keys).thenAccept(items -> all(keys, items, tally));
        } else if (kind < 65) {
            return async.getWithCas(key).thenAccept(item -> classic(key, item.map(CasItem::toItem), tally));
        } else if (kind < 85) {
            return async.meta(MetaRequest.get(key).value().build()).thenAccept(r -> meta(key, r, tally));
        } else {
            return async.set(Item.of(key, expected(key)));
        }
    }

    private static void blocking(MemcachedClient client, String key, int kind, Tally tally) {
        try {
            if (kind < 3) {
                classic(key, client.get(key), tally);
            } else {
                meta(key, client.meta(MetaRequest.get(key).value().build()), tally);
            }
            tally.succeeded.increment();
        } catch (RuntimeException e) {
            tally.failed(e);
        }
    }

    private static void classic(String key, Optional<Item> item, Tally tally) {
        if (item.isEmpty()) {
            tally.classicMisses.increment();
        } else {
            tally.value(key, item.get().key(), item.get().value());
        }
    }

    private static void all(Collection<String> keys, Map<String, Item> items, Tally tally) {
        for (Map.Entry<String, Item> e : items.entrySet()) {
            String asked = keys.contains(e.getKey()) ? e.getKey() : "(not asked) " + e.getKey();
            tally.value(asked, e.getValue().key(), e.getValue().value());
        }
        if (items.size() < keys.stream().distinct().count()) {
            tally.classicMisses.increment();
        }
    }

    private static void meta(String key, MetaResponse response, Tally tally) {
        if (response.status() == MetaStatus.MISS) {
            tally.metaMisses.increment();
        } else {
            tally.value(key, key, response.value());
        }
    }
}
