package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.core.DispatchingClient;
import io.memcached4j.process.Await;
import io.memcached4j.spi.ProtocolCodecProvider;
import io.memcached4j.testkit.FakeMemcached;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static io.memcached4j.testkit.RequestMatcher.key;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blocking calls carried on their caller's thread over a {@link Lane}: they work, a timeout closes
 * the lane and rests the server's lanes (the late reply never reaches another request), and a caller
 * waiting on a lane is released by {@code close()} and by an interrupt. Against the testkit's fake.
 */
class LaneTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private FakeMemcached fake;
    private NioClient nio;
    private MemcachedClient client;

    @BeforeEach
    void start() {
        fake = FakeMemcached.start();
        ClientConfig config = ClientConfig.builder().servers(List.of(fake.address())).transport("nio")
                .operationTimeout(TIMEOUT).build();
        nio = new NioClient(config, ProtocolCodecProvider.find(null).create(config.itemSizeLimit()));
        client = DispatchingClient.create(nio);
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    private static String text(Optional<? extends Item> item) {
        return item.map(i -> new String(i.value(), UTF_8)).orElse(null);
    }

    /** Waits until the event loop's connections are up, so that lanes may be taken. */
    private void connected() {
        connected(client);
    }

    /** Waits until an event loop's connection of a client answers, so that lanes may be taken. */
    private static void connected(MemcachedClient c) {
        Await.until(Duration.ofSeconds(5), () -> {
            try {
                c.async().get("warm-up").get();
                return true;
            } catch (Exception e) {
                return false;
            }
        }, "the connections are up");
    }

    @Test
    void blockingCallsOfOneThreadShareOneLane() {
        connected();
        client.set(Item.of("a", "1".getBytes(UTF_8)));
        client.set(Item.of("b", "2".getBytes(UTF_8)));
        assertEquals("1", text(client.get("a")));
        Map<String, Item> both = client.getAll(List.of("a", "b", "c"));
        assertEquals("2", new String(both.get("b").value(), UTF_8));
        assertEquals(2, both.size());
        assertEquals(1, nio.lanesOpened(), "one lane, opened once");
    }

    @Test
    void aTimeoutClosesTheLaneAndItsLateReplyReachesNoOtherRequest() {
        connected();
        client.set(Item.of("slow", "late".getBytes(UTF_8)));
        client.set(Item.of("next", "mine".getBytes(UTF_8)));
        fake.faults().on(key("slow")).times(1).delay(Duration.ofMillis(600));
        long start = System.nanoTime();
        assertThrows(MemcachedTimeoutException.class, () -> client.get("slow"));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis >= TIMEOUT.toMillis(), "failed before its timeout: " + tookMillis + " ms");
        for (int i = 0; i < 20; i++) {
            assertEquals("mine", text(client.get("next")), "the late reply went to another request");
        }
        Await.until(Duration.ofSeconds(5), () -> {
            client.get("next");
            return nio.lanesOpened() == 2;
        }, "a new lane after the rest");
        assertEquals("late", text(client.get("slow")));
    }

    @Test
    void closeReleasesACallerWaitingOnALane() throws Exception {
        connected();
        ClientConfig config = ClientConfig.builder().servers(List.of(fake.address())).transport("nio")
                .operationTimeout(Duration.ofSeconds(30)).build();
        NioClient patient = new NioClient(config, ProtocolCodecProvider.find(null).create(config.itemSizeLimit()));
        MemcachedClient waiting = DispatchingClient.create(patient);
        try {
            connected(waiting);
            fake.faults().on(key("stuck")).stall();
            CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
                try {
                    waiting.get("stuck");
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Await.until(Duration.ofSeconds(5), () -> patient.lanesOpened() == 1
                    && fake.requests().stream().anyMatch(r -> r.keys().contains("stuck")), "the caller waits on its lane");
            waiting.close();
            Throwable e = failure.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertInstanceOf(MemcachedConnectionException.class, e);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        } finally {
            waiting.close();
        }
    }

    @Test
    void anInterruptEndsTheWaitOnALane() throws Exception {
        connected();
        fake.faults().on(key("stuck")).stall();
        ClientConfig config = ClientConfig.builder().servers(List.of(fake.address())).transport("nio")
                .operationTimeout(Duration.ofSeconds(30)).build();
        try (MemcachedClient waiting = DispatchingClient.create(
                new NioClient(config, ProtocolCodecProvider.find(null).create(config.itemSizeLimit())))) {
            connected(waiting);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    waiting.get("stuck");
                } catch (RuntimeException e) {
                    failure.set(e);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            });
            caller.start();
            Await.until(Duration.ofSeconds(5), () -> fake.requests().stream().anyMatch(r -> r.keys().contains("stuck")),
                    "the caller waits");
            caller.interrupt();
            caller.join(5_000);
            assertInstanceOf(MemcachedException.class, failure.get());
            assertTrue(failure.get().getMessage().contains("interrupted"), failure.get().getMessage());
            assertEquals(Boolean.TRUE, stillInterrupted.get(), "the interrupt stays set");
        }
    }
}
