package io.memcached4j.testkit.internal.inmem;

import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.LineConnection;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.ServerClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fake whose cache stalls (its clock blocks while holding the cache's lock) makes requests time out. */
class InMemoryTimeoutTest {
    private static final Duration TIMEOUT = Duration.ofMillis(200);

    /** A clock that, once stalled, blocks every reader until released. */
    private static final class StallingClock implements ServerClock {
        private volatile CountDownLatch gate;
        private final CountDownLatch entered = new CountDownLatch(1);

        void stall() {
            gate = new CountDownLatch(1);
        }

        void release() {
            CountDownLatch g = gate;
            gate = null;
            if (g != null) {
                g.countDown();
            }
        }

        boolean awaitStalled() throws InterruptedException {
            return entered.await(10, TimeUnit.SECONDS);
        }

        @Override
        public long epochSecond() {
            CountDownLatch g = gate;
            if (g != null) {
                entered.countDown();
                try {
                    g.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return System.currentTimeMillis() / 1000;
        }
    }

    private final StallingClock clock = new StallingClock();
    private FakeMemcached fake;
    private MemcachedClient client;

    @BeforeEach
    void start() {
        fake = FakeMemcached.builder().clock(clock).start();
        client = Memcached.connect(ClientConfig.builder().servers(fake.address().toString()).transport("inmem")
                .operationTimeout(TIMEOUT).maxRequestsInFlight(2).build());
    }

    @AfterEach
    void stop() {
        clock.release();
        client.close();
        fake.close();
    }

    private static MemcachedException failure(CompletableFuture<?> future) {
        Throwable t = assertThrows(Exception.class, () -> future.get(10, TimeUnit.SECONDS)).getCause();
        return assertInstanceOf(MemcachedException.class, t);
    }

    @Test
    void aStalledFakeTimesRequestsOutAndRepliesStayMatchedAfterwards() throws InterruptedException {
        client.set("k", "v".getBytes(UTF_8), 0, 0);
        clock.stall();
        CompletableFuture<Optional<Item>> async = client.async().get("k");
        assertTrue(clock.awaitStalled());
        assertInstanceOf(MemcachedTimeoutException.class, failure(async));
        assertThrows(MemcachedTimeoutException.class, () -> client.get("k"));
        MemcachedException full = failure(client.async().get("k"));
        assertTrue(full.getMessage().contains("too many requests in flight"), full.getMessage());

        clock.release();
        client.set("k2", "v2".getBytes(UTF_8), 0, 0);
        assertEquals("v", new String(client.get("k").orElseThrow().value(), UTF_8));
        assertEquals("v2", new String(client.get("k2").orElseThrow().value(), UTF_8));
    }

    @Test
    void aLineConnectionToAStalledFakeTimesOut() throws InterruptedException {
        LineConnection line = client.openLineConnection(fake.address());
        try {
            clock.stall();
            line.sendLine("stats");
            assertTrue(clock.awaitStalled());
            assertThrows(MemcachedTimeoutException.class, () -> line.readLine(Duration.ofMillis(50)));
            clock.release();
            String first = line.readLine(Duration.ofSeconds(5));
            assertTrue(first.startsWith("STAT pid "), first);
        } finally {
            line.close();
        }
    }

    @Test
    void closeFailsTheRequestsNotYetExecuted() throws InterruptedException {
        client.set("a", "1".getBytes(UTF_8), 0, 0);
        clock.stall();
        CompletableFuture<Optional<Item>> stalled = client.async().get("a");
        assertTrue(clock.awaitStalled());
        CompletableFuture<Optional<Item>> queued = client.async().get("b");
        client.close();
        assertInstanceOf(MemcachedConnectionException.class, failure(queued));
        assertInstanceOf(MemcachedTimeoutException.class, failure(stalled), "the stalled request still times out");
    }
}
