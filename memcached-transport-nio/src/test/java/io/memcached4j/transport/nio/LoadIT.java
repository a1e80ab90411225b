package io.memcached4j.transport.nio;

import io.memcached4j.AsyncMemcachedClient;
import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.process.Await;
import io.memcached4j.process.MemcachedProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many concurrent asynchronous requests: none lost, none matched to the wrong reply. */
class LoadIT {
    private static final int THREADS = 8;
    private static final int REQUESTS_PER_THREAD = 12_500;
    private static final int KEYS = 4_000;
    private static final int WINDOW_PER_THREAD = 128;

    private static String key(int i) {
        return "load:" + i;
    }

    /** Each key has its own value, of a length that varies with the key, so a mix-up cannot go unnoticed. */
    private static byte[] valueOf(String key) {
        StringBuilder sb = new StringBuilder(key).append('=');
        for (int i = 0; i < key.hashCode() % 50 + 50; i++) {
            sb.append((char) ('a' + (i + key.length()) % 26));
        }
        return sb.toString().getBytes(UTF_8);
    }

    private static void check(String key, Optional<Item> found, Collection<String> problems) {
        if (found.isEmpty()) {
            problems.add("get " + key + ": miss");
        } else if (!found.get().key().equals(key) || !Arrays.equals(valueOf(key), found.get().value())) {
            problems.add("get " + key + " returned " + found.get().key() + "=" + new String(found.get().value(), UTF_8));
        }
    }

    /** Reads a key asynchronously; its reply is checked, counted, and frees a slot of the window. */
    private static void checkedAsyncGet(AsyncMemcachedClient async, String key, Collection<String> problems,
                                        AtomicLong answered, Semaphore window) {
        async.get(key).whenComplete((Optional<Item> v, Throwable e) -> {
            if (e != null) {
                problems.add("get " + key + ": " + e);
            } else {
                check(key, v, problems);
            }
            answered.incrementAndGet();
            window.release();
        });
    }

    @Test
    void hundredThousandAsyncRequestsFromEightThreadsAreAllAnsweredCorrectly() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.start();
             MemcachedClient client = Memcached.connect(ClientConfig.builder().servers(List.of(memcached.address()))
                     .transport("nio").operationTimeout(Duration.ofSeconds(5)).build())) {
            AsyncMemcachedClient async = client.async();
            for (int i = 0; i < KEYS; i++) {
                client.set(Item.of(key(i), valueOf(key(i))));
            }
            AtomicLong answered = new AtomicLong();
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            CountDownLatch done = new CountDownLatch(THREADS);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int seed = t;
                Thread thread = new Thread(() -> {
                    Semaphore window = new Semaphore(WINDOW_PER_THREAD);
                    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                        String key = key((i * 31 + seed * 977) % KEYS);
                        window.acquireUninterruptibly();
                        if (i % 5 == 0) {
                            async.set(Item.of(key, valueOf(key))).whenComplete((v, e) -> {
                                if (e != null) {
                                    problems.add("set " + key + ": " + e);
                                }
                                answered.incrementAndGet();
                                window.release();
                            });
                        } else {
                            checkedAsyncGet(async, key, problems, answered, window);
                        }
                    }
                    window.acquireUninterruptibly(WINDOW_PER_THREAD);
                    done.countDown();
                }, "load-" + t);
                thread.start();
                threads.add(thread);
            }
            Await.until(Duration.ofSeconds(60), () -> done.getCount() == 0,
                    "all requests answered; so far " + answered.get());
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(List.of(), List.copyOf(problems).subList(0, Math.min(10, problems.size())));
            assertEquals((long) THREADS * REQUESTS_PER_THREAD, answered.get());
            assertTrue(problems.isEmpty());
        }
    }

    /**
     * Blocking callers write their own requests when the I/O thread sleeps, while asynchronous ones
     * go through it: both kinds at once on the same connections, none mismatched.
     */
    @Test
    void blockingAndAsyncCallersTogetherAreAllAnsweredCorrectly() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.start();
             MemcachedClient client = Memcached.connect(ClientConfig.builder().servers(List.of(memcached.address()))
                     .transport("nio").operationTimeout(Duration.ofSeconds(5)).build())) {
            for (int i = 0; i < KEYS; i++) {
                client.set(Item.of(key(i), valueOf(key(i))));
            }
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            AtomicLong answered = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                threads.add(new Thread(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        String key = key((i * 17 + seed * 1_301) % KEYS);
                        try {
                            if (i % 50 == 0) {
                                List<String> keys = new ArrayList<>();
                                for (int k = 0; k < 20; k++) {
                                    keys.add(key((i + k * 199 + seed) % KEYS));
                                }
                                Map<String, Item> all = client.getAll(keys);
                                keys.forEach(each -> check(each, Optional.ofNullable(all.get(each)), problems));
                            } else if (i % 5 == 0) {
                                client.set(Item.of(key, valueOf(key)));
                            } else {
                                check(key, client.get(key), problems);
                            }
                        } catch (RuntimeException e) {
                            problems.add("blocking " + key + ": " + e);
                        }
                        answered.incrementAndGet();
                    }
                }, "blocking-" + t));
                threads.add(new Thread(() -> {
                    Semaphore window = new Semaphore(32);
                    for (int i = 0; i < 10_000; i++) {
                        String key = key((i * 31 + seed * 977) % KEYS);
                        window.acquireUninterruptibly();
                        checkedAsyncGet(client.async(), key, problems, answered, window);
                    }
                    window.acquireUninterruptibly(32);
                }, "async-" + t));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(60).toMillis());
                assertFalse(thread.isAlive(), thread.getName() + " is stuck; answered so far: " + answered.get());
            }
            assertEquals(List.of(), List.copyOf(problems).subList(0, Math.min(10, problems.size())));
            assertEquals(4L * 5_000 + 4L * 10_000, answered.get());
        }
    }
}
