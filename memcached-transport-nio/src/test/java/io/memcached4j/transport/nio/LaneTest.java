package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ServerAddress;
import io.memcached4j.TlsConfig;
import io.memcached4j.core.DispatchingClient;
import io.memcached4j.core.Ketama;
import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.ProtocolCodecProvider;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.ResponseDecoder;
import io.memcached4j.process.Await;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.tls.TlsMaterial;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.memcached4j.testkit.RequestMatcher.key;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blocking calls carried on their caller's thread over a {@link Lane}: they work, also over TLS with
 * a login; a timeout closes the lane and rests the server's lanes (the late reply never reaches
 * another request); a caller waiting on a lane is released by {@code close()} and by an interrupt;
 * a removed server's lane finishes its call, then closes. Against the testkit's fake.
 */
class LaneTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** The timeout of the tests whose other calls must not time out on a loaded machine. */
    private static final Duration PATIENT = Duration.ofSeconds(1);

    private static final TlsMaterial TLS = TlsMaterial.builder().build();

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
    static void connected(MemcachedClient c) {
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

    /** A plain lane blocks in its read: only the clock, closing it at the deadline, ends the wait for a reply that never comes. */
    @Test
    void theClockEndsABlockedReadAtItsDeadlineWhenTheServerNeverAnswers() {
        connected();
        client.set(Item.of("stalled", "v".getBytes(UTF_8)));
        assertEquals(1, nio.lanesOpened());
        fake.faults().on(key("stalled")).times(1).stall();
        long start = System.nanoTime();
        MemcachedTimeoutException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(MemcachedTimeoutException.class, () -> client.get("stalled")),
                "the blocked read was never ended");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis >= TIMEOUT.toMillis(), "failed before its timeout: " + tookMillis + " ms");
        assertTrue(e.getMessage().startsWith("no reply from memcached " + fake.address()), e.getMessage());
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
            Throwable e = failure.get(5, TimeUnit.SECONDS);
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

    @Test
    void aLaneDoesTheTlsHandshakeAndLogsInBeforeItsFirstRequest() {
        try (FakeMemcached secured = FakeMemcached.builder().tls(TLS.serverSslContext()).users(Map.of("app", "pw-1")).start()) {
            ClientConfig config = ClientConfig.builder().servers(List.of(secured.address())).transport("nio")
                    .operationTimeout(Duration.ofSeconds(10)).connectTimeout(Duration.ofSeconds(10))
                    .tls(TlsConfig.builder().sslContext(TLS.clientSslContextWithoutCertificate()).build())
                    .credentials("app", "pw-1").build();
            NioClient tls = new NioClient(config, ProtocolCodecProvider.find(null).create(config.itemSizeLimit()));
            try (MemcachedClient c = DispatchingClient.create(tls);
                 StatsProbe probe = new StatsProbe(c, secured.address())) {
                connected(c);
                byte[] big = new byte[100_000];
                big[99_999] = 7;
                c.set(Item.of("big", big));
                assertArrayEquals(big, c.get("big").orElseThrow().value());
                assertEquals(1, tls.lanesOpened(), "the blocking calls went over a lane");
                Await.until(Duration.ofSeconds(10),
                        () -> probe.currConnections() == ClientConfig.DEFAULT_CONNECTIONS_PER_SERVER + 1 + 1,
                        "the loop's connections, the lane and the probe");
            }
        }
    }

    @Test
    void aRemovedServersLaneFinishesItsCallThenCloses() throws Exception {
        ExecutorService caller = Executors.newSingleThreadExecutor(); // one thread: one lane
        try (FakeMemcached a = FakeMemcached.start();
             FakeMemcached b = FakeMemcached.start();
             StatsProbe probe = StatsProbe.open(a.address())) {
            long alone = probe.currConnections();
            ClientConfig config = ClientConfig.builder().servers(List.of(a.address(), b.address())).transport("nio")
                    .operationTimeout(Duration.ofSeconds(5)).build();
            NioClient two = new NioClient(config, ProtocolCodecProvider.find(null).create(config.itemSizeLimit()));
            try (MemcachedClient c = DispatchingClient.create(two)) {
                String key = keyOn(c, a.address(), "k");
                String slow = keyOn(c, a.address(), "slow");
                Await.until(Duration.ofSeconds(5), () -> {
                    try {
                        c.async().set(Item.of(key, "on-a".getBytes(UTF_8))).get();
                        return true;
                    } catch (Exception e) {
                        return false;
                    }
                }, "a's connections are up");
                assertEquals("on-a", caller.submit(() -> text(c.get(key))).get(10, TimeUnit.SECONDS));
                assertEquals(1, two.lanesOpened(), "the blocking get went over a lane");
                a.faults().on(key(slow)).times(1).delay(Duration.ofMillis(500));
                Future<Object> inFlight = caller.submit(() -> {
                    try {
                        return c.get(slow).isPresent();
                    } catch (RuntimeException e) {
                        return e;
                    }
                });
                Await.until(Duration.ofSeconds(5), () -> a.requests().stream().anyMatch(r -> r.keys().contains(slow)),
                        "the slow get reached a");
                c.updateServers(List.of(b.address()));
                assertEquals(Boolean.FALSE, inFlight.get(10, TimeUnit.SECONDS),
                        "the call in flight on the removed server's lane completed with its reply");
                Await.until(Duration.ofSeconds(5), () -> probe.currConnections() == alone,
                        "the removed server's connections and lane closed");
                assertEquals(Optional.empty(), caller.submit(() -> c.get(key)).get(10, TimeUnit.SECONDS),
                        "the key now goes to b");
            }
        } finally {
            caller.shutdownNow();
        }
    }

    /** A key starting with {@code prefix} that the client sends to a given server now. */
    private static String keyOn(MemcachedClient c, ServerAddress server, String prefix) {
        Ketama ketama = Ketama.of(c.servers());
        int index = c.servers().indexOf(server);
        for (int i = 0; ; i++) {
            if (ketama.nodeFor(prefix + i) == index) {
                return prefix + i;
            }
        }
    }

    @Test
    void aCallWhoseDeadlinePassesBeforeItsReplyIsReadFailsWithATimeout() {
        ProtocolCodec text = ProtocolCodecProvider.find(null).create(ClientConfig.DEFAULT_ITEM_SIZE_LIMIT);
        ProtocolCodec slowToEncode = new ProtocolCodec() {
            @Override
            public boolean encode(Request<?> request, ByteBuffer out) {
                if (request instanceof Request.Retrieval && "late".equals(request.routingKey())) {
                    long until = System.nanoTime() + PATIENT.toNanos(); // past the deadline of the call encoding it
                    while (System.nanoTime() - until < 0) {
                        Thread.onSpinWait();
                    }
                }
                return text.encode(request, out);
            }

            @Override
            public int encodedSize(Request<?> request) {
                return text.encodedSize(request);
            }

            @Override
            public ResponseDecoder newDecoder() {
                return text.newDecoder();
            }
        };
        ClientConfig config = ClientConfig.builder().servers(List.of(fake.address())).transport("nio")
                .operationTimeout(PATIENT).build();
        NioClient slow = new NioClient(config, slowToEncode);
        try (MemcachedClient c = DispatchingClient.create(slow)) {
            connected(c);
            c.set(Item.of("late", "value".getBytes(UTF_8)));
            c.set(Item.of("next", "mine".getBytes(UTF_8)));
            assertEquals(1, slow.lanesOpened(), "the sets went over a lane");
            // over the lane the sets opened: its reply is read after the deadline (the lane stays open,
            // in step) or not at all (the wait ends at the deadline and closes the lane)
            assertThrows(MemcachedTimeoutException.class, () -> c.get("late"));
            for (int i = 0; i < 20; i++) {
                assertEquals("mine", text(c.get("next")), "the reply to the late call reached another request");
            }
        }
    }
}
