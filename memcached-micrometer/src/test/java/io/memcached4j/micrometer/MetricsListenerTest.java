package io.memcached4j.micrometer;

import io.memcached4j.ClientConfig;
import io.memcached4j.ClientListener;
import io.memcached4j.ClientListener.Outcome;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The listener driven directly, as a client would, with a controlled clock: no network. */
class MetricsListenerTest {
    private static final ServerAddress SERVER = new ServerAddress("10.0.0.1", 11211);
    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final ClientConfig config = ClientConfig.builder().servers(List.of(SERVER)).connectionsPerServer(2).build();

    private Meter requests(String outcome) {
        return registry.find(MemcachedMetrics.REQUESTS).tag("server", SERVER.toString()).tag("command", "get")
                .tag("outcome", outcome).meter();
    }

    private double max(String outcome) {
        TimeGauge max = registry.find(MemcachedMetrics.REQUESTS_MAX).tag("server", SERVER.toString())
                .tag("command", "get").tag("outcome", outcome).timeGauge();
        return max.value(TimeUnit.NANOSECONDS);
    }

    private double inFlight() {
        return registry.get(MemcachedMetrics.IN_FLIGHT).tag("server", SERVER.toString()).gauge().value();
    }

    private static void get(ClientListener listener, Outcome outcome, long nanos) {
        Object context = listener.requestStarted("get", SERVER);
        listener.retrieved(context, "get", SERVER, outcome == Outcome.HIT ? 1 : 0, outcome == Outcome.HIT ? 0 : 1);
        listener.requestFinished(context, "get", SERVER, outcome, nanos, null);
    }

    @Test
    void withoutADistributionTheTimerIsAFunctionTimerWithItsMaximumBeside() {
        ClientListener listener = MemcachedMetrics.builder(registry).build();
        listener.clientOpened(config);
        get(listener, Outcome.HIT, 3_000);
        get(listener, Outcome.HIT, 9_000);
        get(listener, Outcome.MISS, 4_000);

        FunctionTimer hits = assertInstanceOf(FunctionTimer.class, requests("hit"));
        assertEquals(2, hits.count());
        assertEquals(12_000, hits.totalTime(TimeUnit.NANOSECONDS));
        assertEquals(6_000, hits.mean(TimeUnit.NANOSECONDS));
        assertEquals(1, Meters.count(requests("miss")));
        assertEquals(9_000, max("hit"), 0.001);
        assertEquals(4_000, max("miss"), 0.001);
        assertEquals(2, Meters.count(registry.get(MemcachedMetrics.HITS).meter()));
        assertEquals(1, Meters.count(registry.get(MemcachedMetrics.MISSES).meter()));
        assertEquals(0, inFlight());

        get(listener, Outcome.HIT, 5_000); // smaller: the maximum stays
        assertEquals(9_000, max("hit"), 0.001);
        // as a Timer's maximum (Micrometer's TimeWindowMax, default expiry 2 minutes, 3 buffers):
        // the largest of the last 2 to 6 minutes
        clock.add(Duration.ofMinutes(2));
        assertEquals(9_000, max("hit"), 0.001);
        clock.add(Duration.ofMinutes(5));
        assertEquals(0, max("hit"));
        get(listener, Outcome.HIT, 7_000);
        assertEquals(7_000, max("hit"), 0.001);
        assertEquals(4, Meters.count(requests("hit")), "the count is cumulative");
    }

    @Test
    void multiGetsCountEveryKeyAndTheirOutcomeOnce() {
        ClientListener listener = MemcachedMetrics.builder(registry).build();
        multiGet(listener, 3, 0);
        multiGet(listener, 2, 5);
        multiGet(listener, 0, 4);
        multiGet(listener, 1, 0);
        get(listener, Outcome.MISS, 1_000);
        assertEquals(6, Meters.count(registry.get(MemcachedMetrics.HITS).meter()));
        assertEquals(10, Meters.count(registry.get(MemcachedMetrics.MISSES).meter()));
        assertEquals(3, Meters.count(requests("hit")));
        assertEquals(2, Meters.count(requests("miss")));
    }

    private static void multiGet(ClientListener listener, int hits, int misses) {
        Object context = listener.requestStarted("get", SERVER);
        listener.retrieved(context, "get", SERVER, hits, misses);
        listener.requestFinished(context, "get", SERVER, hits > 0 ? Outcome.HIT : Outcome.MISS, 1_000, null);
    }

    @Test
    void percentilesAskedForMakeTheTimerAMicrometerTimer() {
        ClientListener listener = MemcachedMetrics.builder(registry).percentiles(0.5, 0.99).build();
        get(listener, Outcome.HIT, 3_000);
        get(listener, Outcome.HIT, 9_000);
        Timer hits = assertInstanceOf(Timer.class, requests("hit"));
        assertEquals(2, hits.count());
        assertEquals(9_000, hits.max(TimeUnit.NANOSECONDS));
        assertEquals(2, hits.takeSnapshot().percentileValues().length);
        assertNull(registry.find(MemcachedMetrics.REQUESTS_MAX).meter(), "a Timer has its own maximum");
        assertEquals(0, inFlight());
    }

    @Test
    void aDistributionTheRegistrysFiltersConfigureMakesTheTimerAMicrometerTimer() {
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return id.getName().startsWith("memcached.client.requests")
                        ? DistributionStatisticConfig.builder().percentiles(0.95).build().merge(config)
                        : config;
            }
        });
        ClientListener listener = MemcachedMetrics.builder(registry).build();
        get(listener, Outcome.MISS, 3_000);
        Timer misses = assertInstanceOf(Timer.class, requests("miss"));
        assertEquals(1, misses.count());
        assertEquals(1, misses.takeSnapshot().percentileValues().length);
        assertEquals(1, registry.find(MemcachedMetrics.REQUESTS).meters().size(), "the probe was removed");
    }

    @Test
    void requestsInFlightAreStartedLessFinished() {
        ClientListener listener = MemcachedMetrics.builder(registry).build();
        Object first = listener.requestStarted("get", SERVER);
        Object second = listener.requestStarted("set", SERVER);
        assertEquals(2, inFlight());
        listener.requestFinished(first, "get", SERVER, Outcome.MISS, 1_000, null);
        assertEquals(1, inFlight());
        listener.requestFinished(second, "set", SERVER, Outcome.STORED, 1_000, null);
        assertEquals(0, inFlight());
        listener.requestFinished(null, "set", SERVER, Outcome.STORED, 1_000, null); // its requestStarted failed
        assertEquals(0, inFlight());
        assertEquals(2, Meters.count(registry.find(MemcachedMetrics.REQUESTS).tag("command", "set").meter()));
    }

    @Test
    void anIoThreadReportingAConnectionNeverWaitsForTheRegistry() throws Exception {
        CountDownLatch registering = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().equals(MemcachedMetrics.HITS)) { // the server's first meter: registration stalls
                    registering.countDown();
                    try {
                        assertTrue(release.await(10, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return id;
            }
        });
        ClientListener listener = MemcachedMetrics.builder(registry).build();
        Thread opening = new Thread(() -> listener.clientOpened(config), "client opening");
        opening.start();
        try {
            assertTrue(registering.await(10, TimeUnit.SECONDS), "the client's thread registers the server's meters");
            // as the transport's I/O thread does while the client opens: counted at once, no waiting
            CompletableFuture.runAsync(() -> {
                listener.connectionUp(SERVER, false);
                listener.connectionUp(SERVER, true);
                listener.desync(SERVER, new ProtocolException("not its reply"));
            }).get(5, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            opening.join(10_000);
        }
        assertEquals(2, registry.get(MemcachedMetrics.CONNECTIONS).tag("state", "up").gauge().value());
        assertEquals(1, Meters.count(registry.get(MemcachedMetrics.RECONNECTS).meter()));
        assertEquals(1, Meters.count(registry.get(MemcachedMetrics.DESYNCS).meter()));
    }

    @Test
    void connectionsReportedBeforeTheClientOpenedCountOnceItsMetersAreRegistered() {
        ClientListener listener = MemcachedMetrics.builder(registry).build();
        listener.connectionUp(SERVER, false); // the transport connects before the client reports it opened
        assertNull(registry.find(MemcachedMetrics.CONNECTIONS).meter(), "nothing registered on an I/O thread");
        listener.clientOpened(config);
        assertEquals(1, registry.get(MemcachedMetrics.CONNECTIONS).tag("state", "up").gauge().value());
        assertEquals(1, registry.get(MemcachedMetrics.CONNECTIONS).tag("state", "down").gauge().value());
    }

    @Test
    void aRemovedServersMetersGoOnceItsConnectionsAreDownAndItsRequestsDone() {
        ClientListener listener = MemcachedMetrics.builder(registry).build();
        listener.clientOpened(config);
        listener.connectionUp(SERVER, false);
        get(listener, Outcome.HIT, 1_000);
        Object pending = listener.requestStarted("get", SERVER);

        listener.serverRemoved(config, SERVER);
        assertNotNull(requests("hit"), "a connection is up");
        listener.connectionDown(SERVER, new IllegalStateException("closed"));
        assertNotNull(requests("hit"), "a request is in flight");
        assertEquals(1, inFlight());
        listener.requestFinished(pending, "get", SERVER, Outcome.ERROR, 1_000, new IllegalStateException("closed"));
        assertTrue(registry.find(MemcachedMetrics.REQUESTS).meters().isEmpty(), "its meters are removed");
        assertTrue(registry.getMeters().isEmpty(), registry.getMetersAsString());

        listener.serverAdded(config, SERVER);
        Gauge down = registry.get(MemcachedMetrics.CONNECTIONS).tag("state", "down").gauge();
        assertEquals(2, down.value(), "added again: new meters");
        get(listener, Outcome.HIT, 1_000);
        assertEquals(1, Meters.count(requests("hit")), "counted from zero");
    }

    @Test
    void aServerStillInAnotherClientsListKeepsItsMetersUntilThatClientCloses() {
        ClientListener listener = MemcachedMetrics.builder(registry).build();
        listener.clientOpened(config);
        listener.clientOpened(config);
        listener.serverRemoved(config, SERVER);
        assertEquals(2, registry.get(MemcachedMetrics.CONNECTIONS).tag("state", "down").gauge().value(),
                "the other client's connections");
        listener.clientClosed(config, List.of(SERVER));
        assertTrue(registry.getMeters().isEmpty(), "no client has it any more: " + registry.getMetersAsString());
    }

    @Test
    void aClosedClientsServersKeepTheirMeters() {
        ClientListener listener = MemcachedMetrics.builder(registry).build();
        listener.clientOpened(config);
        get(listener, Outcome.HIT, 1_000);
        listener.clientClosed(config, List.of(SERVER));
        assertEquals(1, Meters.count(requests("hit")));
        assertEquals(0, registry.get(MemcachedMetrics.CONNECTIONS).tag("state", "down").gauge().value());
    }

    @Test
    void concurrentRequestsAreAllCounted() throws InterruptedException {
        ClientListener listener = MemcachedMetrics.builder(registry).build();
        int threads = 6;
        int requests = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long nanos = 1_000 + t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < requests; i++) {
                    get(listener, i % 4 == 0 ? Outcome.MISS : Outcome.HIT, nanos);
                }
            });
            thread.start();
            all.add(thread);
        }
        start.countDown();
        for (Thread thread : all) {
            thread.join();
        }
        long total = (long) threads * requests;
        assertEquals(total / 4, Meters.count(requests("miss")));
        assertEquals(total - total / 4, Meters.count(requests("hit")));
        assertEquals(total - total / 4, Meters.count(registry.get(MemcachedMetrics.HITS).meter()));
        assertEquals(total / 4, Meters.count(registry.get(MemcachedMetrics.MISSES).meter()));
        FunctionTimer hits = (FunctionTimer) requests("hit");
        long expectedTotal = 0;
        for (int t = 0; t < threads; t++) {
            expectedTotal += (long) (requests - requests / 4) * (1_000 + t);
        }
        assertEquals(expectedTotal, hits.totalTime(TimeUnit.NANOSECONDS));
        assertEquals(1_000 + threads - 1, max("hit"), 0.001);
        assertEquals(0, inFlight());
    }
}
