package io.memcached4j.transport.nio;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.memcached4j.process.Await;
import io.memcached4j.BackpressureException;
import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ServerErrorException;
import io.memcached4j.core.DispatchingClient;
import io.memcached4j.spi.ItemSize;
import io.memcached4j.core.codec.ProtocolCodecProvider;
import io.memcached4j.process.MemcachedProcess;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every fault ends in a typed failure within its bound; against real memcached 1.6.18. */
class BoundedFailuresIT {



    /**
     * Runs a callback on the client's I/O thread: it is attached to a request memcached cannot
     * answer yet (paused), so the I/O thread completes it, never the test's thread.
     */
    private static void onIoThread(MemcachedProcess memcached, MemcachedClient client, Runnable callback) {
        memcached.pause();
        try {
            client.async().get("any").whenComplete((value, error) -> callback.run());
        } finally {
            memcached.resume();
        }
    }

    @Test
    void aStalledConnectionIsReplacedWithinFourTimeoutsUnderContinuousLoad() throws Exception {
        long timeoutMillis = 200;
        try (MemcachedProcess memcached = MemcachedProcess.start()) {
            ClientConfig cfg = FaultsIT.config(memcached.address()).connectionsPerServer(1).ioThreads(1)
                    .operationTimeout(Duration.ofMillis(timeoutMillis)).build();
            NioClient nio = new NioClient(cfg, ProtocolCodecProvider.find(null).create(cfg.itemSizeLimit()));
            try (MemcachedClient client = DispatchingClient.create(nio)) {
                client.set(Item.of("k", "v".getBytes(UTF_8)));
                assertEquals(1, nio.channelsOpened());
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicLong successes = new AtomicLong();
                AtomicLong timeouts = new AtomicLong();
                AtomicLong backpressure = new AtomicLong();
                AtomicLong down = new AtomicLong();
                ConcurrentLinkedQueue<Throwable> other = new ConcurrentLinkedQueue<>();
                Thread load = new Thread(() -> {
                    Semaphore window = new Semaphore(64);
                    while (running.get()) {
                        if (!window.tryAcquire()) {
                            Thread.onSpinWait();
                            continue;
                        }
                        client.async().get("k").whenComplete((value, error) -> {
                            Throwable e = MemcachedException.unwrap(error);
                            if (e == null) {
                                successes.incrementAndGet();
                            } else if (e instanceof MemcachedTimeoutException) {
                                timeouts.incrementAndGet();
                            } else if (MemcachedException.isBackpressure(e)) {
                                backpressure.incrementAndGet();
                            } else if (e instanceof MemcachedConnectionException) {
                                down.incrementAndGet();
                            } else {
                                other.add(e);
                            }
                            window.release();
                        });
                    }
                }, "load");
                load.start();
                try {
                    Await.until(Duration.ofSeconds(5), () -> successes.get() > 1_000, "traffic flows");
                    memcached.pause();
                    long paused = System.nanoTime();
                    try {
                        long waited = Await.until(Duration.ofSeconds(5), () -> nio.channelsOpened() > 1,
                                "the stalled connection is replaced while requests keep coming");
                        long sincePause = System.nanoTime() - paused;
                        assertTrue(sincePause < TimeUnit.MILLISECONDS.toNanos(4 * timeoutMillis + 400),
                                "replaced " + TimeUnit.NANOSECONDS.toMillis(sincePause) + " ms after the pause, "
                                        + TimeUnit.NANOSECONDS.toMillis(waited) + " ms waited; about four timeouts expected");
                        assertTrue(timeouts.get() > 0, "requests timed out meanwhile");
                    } finally {
                        memcached.resume();
                    }
                    long resumed = successes.get();
                    Await.until(Duration.ofSeconds(10), () -> successes.get() > resumed + 1_000, "traffic resumes");
                } finally {
                    running.set(false);
                    load.join(5_000);
                }
                assertEquals(List.of(), List.copyOf(other), "only timeouts, backpressure and connection failures");
            }
        }
    }

    /**
     * Requests written to a paused memcached, before and after a large value, all fail with a
     * timeout once their deadline passes, and none completes with a value
     * when memcached answers after it (issue 10); a blocking call made meanwhile fails the same way.
     */
    @Test
    void requestsAPausedMemcachedAnswersOnlyAfterTheirDeadlineFailWithATimeoutNeverWithAValue() throws Exception {
        Duration timeout = Duration.ofMillis(300);
        try (MemcachedProcess memcached = MemcachedProcess.start();
             MemcachedClient client = Memcached.connect(FaultsIT.config(memcached.address()).connectionsPerServer(1)
                     .operationTimeout(timeout).build())) {
            client.set(Item.of("k", "v".getBytes(UTF_8)));
            List<CompletableFuture<?>> futures = new ArrayList<>();
            AtomicReference<Object> blocking = new AtomicReference<>();
            memcached.pause();
            try {
                for (int i = 0; i < 50; i++) {
                    futures.add(client.async().get("k"));
                }
                futures.add(client.async().set(Item.of("big", new byte[900_000])));
                for (int i = 0; i < 50; i++) {
                    futures.add(client.async().get("k"));
                }
                Thread caller = new Thread(() -> {
                    try {
                        blocking.set(client.get("k"));
                    } catch (RuntimeException e) {
                        blocking.set(e);
                    }
                }, "blocking-caller");
                caller.start();
                caller.join(TimeUnit.SECONDS.toMillis(10));
                long lastSent = System.nanoTime();
                Await.until(Duration.ofSeconds(5), () -> System.nanoTime() - lastSent > timeout.toNanos(),
                        "every request's deadline passes while memcached is paused");
            } finally {
                memcached.resume();
            }
            assertInstanceOf(MemcachedTimeoutException.class, blocking.get());
            for (CompletableFuture<?> f : futures) {
                assertInstanceOf(MemcachedTimeoutException.class, Conditions.failure(f));
            }
            assertEquals(Optional.of("v"), client.get("k").map(item -> new String(item.value(), UTF_8)), "memcached answers again");
        }
    }

    @Test
    void backpressureIsItsOwnExceptionType() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.start();
             MemcachedClient client = Memcached.connect(FaultsIT.config(memcached.address()).connectionsPerServer(1)
                     .maxRequestsInFlight(2).operationTimeout(Duration.ofMillis(300)).build())) {
            client.ping();
            memcached.pause();
            try {
                CompletableFuture<Optional<Item>> a = client.async().get("a");
                CompletableFuture<Optional<Item>> b = client.async().get("b");
                Throwable refused = Conditions.failure(client.async().get("c"));
                BackpressureException e = assertInstanceOf(BackpressureException.class, refused);
                assertTrue(e.getMessage().contains("maxRequestsInFlight") && e.getMessage().contains(memcached.address().toString()),
                        e.getMessage());
                assertTrue(MemcachedException.isBackpressure(refused));
                assertInstanceOf(MemcachedTimeoutException.class, Conditions.failure(a));
                assertInstanceOf(MemcachedTimeoutException.class, Conditions.failure(b));
            } finally {
                memcached.resume();
            }
        }
    }

    @Test
    void aBlockingWaitOnAFutureInACallbackIsRefused() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.start();
             MemcachedClient client = Memcached.connect(FaultsIT.config(memcached.address()).build())) {
            client.set(Item.of("k", "v".getBytes(UTF_8)));
            CompletableFuture<Throwable> got = new CompletableFuture<>();
            onIoThread(memcached, client, () -> {
                try {
                    client.async().get("k").get(3, TimeUnit.SECONDS);
                    got.complete(null);
                } catch (Throwable t) {
                    got.complete(t);
                }
            });
            Throwable refused = got.get(2, TimeUnit.SECONDS);
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, refused, "a blocking get is refused");
            assertTrue(e.getMessage().contains("memcached4j-nio-") && e.getMessage().contains("deadlock"), e.getMessage());

            CompletableFuture<Throwable> joined = new CompletableFuture<>();
            onIoThread(memcached, client, () -> {
                try {
                    client.async().get("k").thenApply(v -> v).join();
                    joined.complete(null);
                } catch (Throwable t) {
                    joined.complete(t);
                }
            });
            assertInstanceOf(IllegalStateException.class, joined.get(2, TimeUnit.SECONDS), "join on a derived stage too");
            assertArrayEquals("v".getBytes(UTF_8), client.async().get("k").get(2, TimeUnit.SECONDS).orElseThrow().value(),
                    "off the I/O thread, waiting is fine");
        }
    }

    @Test
    void timeoutsFireOnTimeWhileACallbackBlocksTheIoThreadAndAWarningNamesIt() throws Exception {
        long timeoutMillis = 300;
        Logger logger = (Logger) LoggerFactory.getLogger(Watchdog.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        CountDownLatch release = new CountDownLatch(1);
        try (MemcachedProcess memcached = MemcachedProcess.start();
             MemcachedClient client = Memcached.connect(FaultsIT.config(memcached.address()).connectionsPerServer(1).ioThreads(1)
                     .operationTimeout(Duration.ofMillis(timeoutMillis)).build())) {
            client.ping();
            CountDownLatch blocking = new CountDownLatch(1);
            AtomicReference<String> ioThread = new AtomicReference<>();
            onIoThread(memcached, client, () -> {
                ioThread.set(Thread.currentThread().getName());
                blocking.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS); // a callback that blocks its I/O thread
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(blocking.await(5, TimeUnit.SECONDS));
            long sent = System.nanoTime();
            CompletableFuture<Optional<Item>> other = client.async().get("other");
            AtomicLong completedAt = new AtomicLong();
            other.whenComplete((v, e) -> completedAt.set(System.nanoTime()));
            assertInstanceOf(MemcachedTimeoutException.class, Conditions.failure(other));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(completedAt.get() - sent);
            assertTrue(tookMillis >= timeoutMillis - 1 && tookMillis < timeoutMillis + 200,
                    "timed out after " + tookMillis + " ms, the timeout is " + timeoutMillis + " ms");
            Await.until(Duration.ofSeconds(5), () -> !logs.list.isEmpty(), "a WARN about the blocked thread");
            List<String> warnings = logs.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains(ioThread.get()) && warnings.get(0).contains("blocked"), warnings.get(0));
            release.countDown();
            assertTrue(client.get("other").isEmpty(), "the client carries on once the callback returns");
        } finally {
            release.countDown();
            logger.detachAppender(logs);
        }
    }

    @Test
    void everyConcurrentCloseReturnsOnlyOnceTheClientIsClosed() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.start()) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            MemcachedClient client = Memcached.connect(FaultsIT.config(memcached.address()).build());
            client.ping();
            List<Thread> mine = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.getName().startsWith("memcached4j-nio-"))
                    .collect(Collectors.toList());
            assertTrue(mine.size() >= 2, "I/O threads and watchdog: " + mine);
            CountDownLatch inCallback = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            onIoThread(memcached, client, () -> {
                inCallback.countDown();
                try {
                    never.await(300, TimeUnit.MILLISECONDS); // holds an I/O thread while close() is called
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(inCallback.await(5, TimeUnit.SECONDS));
            int closers = 4;
            CyclicBarrier start = new CyclicBarrier(closers);
            ConcurrentLinkedQueue<String> aliveAfterReturn = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < closers; i++) {
                Thread t = new Thread(() -> {
                    try {
                        start.await(5, TimeUnit.SECONDS);
                        client.close();
                        mine.stream().filter(Thread::isAlive).forEach(alive -> aliveAfterReturn.add(alive.getName()));
                    } catch (Exception e) {
                        aliveAfterReturn.add("closer failed: " + e);
                    }
                }, "closer-" + i);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join(15_000);
            }
            assertEquals(List.of(), List.copyOf(aliveAfterReturn), "threads alive when a close() returned");
        }
    }

    @Test
    void openLineConnectionAfterCloseFails() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.start()) {
            MemcachedClient client = Memcached.connect(FaultsIT.config(memcached.address()).build());
            client.openLineConnection(memcached.address()).close();
            client.close();
            MemcachedConnectionException e = assertThrows(MemcachedConnectionException.class,
                    () -> client.openLineConnection(memcached.address()));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void theItemSizeCheckCountsWhatMemcachedCountsWithTheDefaultLimit() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.start()) {
            assertItemSizeBoundary(memcached, ClientConfig.DEFAULT_ITEM_SIZE_LIMIT);
        }
    }

    @Test
    void theItemSizeCheckCountsWhatMemcachedCountsWithAnotherLimit() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.builder().memoryMegabytes(64).arguments("-I", "2m").start()) {
            assertItemSizeBoundary(memcached, 2 << 20);
        }
    }

    /**
     * For a one-byte key without flags, and a long key with flags: the largest value the client
     * lets through is stored, one byte more is refused by the client, and a client that would let
     * that byte through (a larger limit) gets memcached's own refusal.
     */
    private static void assertItemSizeBoundary(MemcachedProcess memcached, int itemSizeMax) throws Exception {
        try (MemcachedClient exact = Memcached.connect(FaultsIT.config(memcached.address()).itemSizeLimit(itemSizeMax)
                .operationTimeout(Duration.ofSeconds(5)).build());
             MemcachedClient lax = Memcached.connect(FaultsIT.config(memcached.address()).itemSizeLimit(itemSizeMax + 4096)
                     .operationTimeout(Duration.ofSeconds(5)).build())) {
            String longKey = "k".repeat(200);
            for (String key : List.of("k", longKey)) {
                for (int flags : new int[] {0, 7}) {
                    int max = itemSizeMax - ItemSize.HEADER_BYTES - (key.length() + 1) - (flags == 0 ? 0 : 4) - 2;
                    byte[] fits = new byte[max];
                    Arrays.fill(fits, (byte) 'x');
                    exact.set(key, fits, flags, 0);
                    assertEquals(max, exact.get(key).orElseThrow().value().length, key.length() + "-byte key, flags " + flags);
                    byte[] over = Arrays.copyOf(fits, max + 1);
                    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                            () -> exact.set(key, over, flags, 0));
                    assertTrue(refused.getMessage().contains("item size limit"), refused.getMessage());
                    ServerErrorException server = assertThrows(ServerErrorException.class, () -> lax.set(key, over, flags, 0));
                    assertTrue(server.getMessage().contains("object too large for cache"), server.getMessage());
                    assertThrows(IllegalArgumentException.class, () -> exact.async().set(new Item(key, over, flags, 0)));
                }
            }
        }
    }
}
