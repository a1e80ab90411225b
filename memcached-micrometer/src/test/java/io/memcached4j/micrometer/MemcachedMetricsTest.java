package io.memcached4j.micrometer;

import io.memcached4j.BackpressureException;
import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;
import io.memcached4j.ServerErrorException;
import io.memcached4j.process.Await;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.FaultRule;
import io.memcached4j.testkit.RequestMatcher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meters of a nio client against the testkit's fake memcached over TCP, read from a SimpleMeterRegistry. */
class MemcachedMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private FakeMemcached fake;
    private String server;

    @BeforeEach
    void startFake() {
        fake = FakeMemcached.start();
        server = fake.address().toString();
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    private ClientConfig.Builder config() {
        return ClientConfig.builder().servers(List.of(fake.address())).transport("nio").connectionsPerServer(1)
                .reconnectDelay(Duration.ofMillis(5), Duration.ofMillis(50));
    }

    private MemcachedClient connect(ClientConfig.Builder config) {
        MemcachedClient client = Memcached.connect(config.build());
        Await.until(Duration.ofSeconds(10), () -> gauge(MemcachedMetrics.CONNECTIONS, "up") == 1, "the connection is up");
        return client;
    }

    private double counter(String name, String... tags) {
        return Meters.count(registry.find(name).tag("server", server).tags(tags).meter());
    }

    private double gauge(String name, String state) {
        return connections(server, state);
    }

    /** The connections gauge of a server in a state; -1 when there is none. */
    private double connections(String server, String state) {
        Gauge g = registry.find(MemcachedMetrics.CONNECTIONS).tag("server", server).tag("state", state).gauge();
        return g == null ? -1 : g.value();
    }

    private long timerCount(String command, String outcome) {
        return (long) Meters.count(registry.find(MemcachedMetrics.REQUESTS).tag("server", server).tag("command", command)
                .tag("outcome", outcome).meter());
    }

    @Test
    void hitsMissesAndLatencyPerCommandWithPercentiles() {
        try (MemcachedClient client = connect(MemcachedMetrics.builder(registry).percentiles(0.5, 0.99)
                .bind(config()))) {
            client.set("k", "v".getBytes(UTF_8), 0, 0);
            assertTrue(client.get("k").isPresent());
            assertFalse(client.get("missing").isPresent());
            assertEquals(1, client.getAll(List.of("k", "missing", "other")).size());
            assertFalse(client.add(new Item("k", "w".getBytes(UTF_8), 0, 0)));
            assertFalse(client.delete("missing"));

            assertEquals(1, timerCount("set", "stored"));
            assertEquals(2, timerCount("get", "hit")); // the multi-get found one of its keys
            assertEquals(1, timerCount("get", "miss"));
            assertEquals(1, timerCount("add", "not_stored"));
            assertEquals(1, timerCount("delete", "not_found"));
            assertEquals(2, counter(MemcachedMetrics.HITS));
            assertEquals(3, counter(MemcachedMetrics.MISSES));
            Timer get = registry.find(MemcachedMetrics.REQUESTS).tag("command", "get").tag("outcome", "hit").timer();
            assertEquals(2, get.takeSnapshot().percentileValues().length);
            assertTrue(get.totalTime(TimeUnit.NANOSECONDS) > 0);
            assertEquals(0, registry.find(MemcachedMetrics.IN_FLIGHT).tag("server", server).gauge().value());
            assertEquals(0, gauge(MemcachedMetrics.CONNECTIONS, "down"));
        }
        assertEquals(0, gauge(MemcachedMetrics.CONNECTIONS, "up"));
        assertEquals(0, gauge(MemcachedMetrics.CONNECTIONS, "down"));
    }

    @Test
    void errorsByExceptionTypeAndTimeouts() {
        try (MemcachedClient client = connect(MemcachedMetrics.bind(config().operationTimeout(Duration.ofMillis(200)), registry))) {
            fake.faults().onCommand("get").times(1).replyServerError("busy");
            assertThrows(ServerErrorException.class, () -> client.get("k"));
            assertEquals(1, counter(MemcachedMetrics.ERRORS, "command", "get", "exception", "ServerErrorException"));

            FaultRule stall = fake.faults().onCommand("touch").times(1).stall();
            assertThrows(MemcachedTimeoutException.class, () -> client.touch("k", 10));
            assertEquals(1, stall.matchCount());
            assertEquals(1, counter(MemcachedMetrics.TIMEOUTS, "command", "touch"));
            assertEquals(1, counter(MemcachedMetrics.ERRORS, "command", "touch", "exception", "MemcachedTimeoutException"));
            assertEquals(1, timerCount("touch", "error"));
            assertEquals(1, timerCount("get", "error"));
        }
    }

    @Test
    void aDroppedConnectionIsDownThenReconnected() {
        try (MemcachedClient client = connect(MemcachedMetrics.bind(config(), registry))) {
            client.set("k", "v".getBytes(UTF_8), 0, 0); // a reply: the connection counts as healthy
            fake.faults().onCommand("get").times(1).closeConnection();
            // asynchronous, so that it goes over the connection: a blocking get would go over a lane
            // (a connection of the caller's own, see the nio transport), which the connection metrics leave out
            ExecutionException dropped = assertThrows(ExecutionException.class, () -> client.async().get("k").get());
            assertInstanceOf(MemcachedConnectionException.class, dropped.getCause());
            Await.until(Duration.ofSeconds(10), () -> counter(MemcachedMetrics.RECONNECTS) == 1, "a reconnect is counted");
            Await.until(Duration.ofSeconds(10), () -> gauge(MemcachedMetrics.CONNECTIONS, "up") == 1, "the connection is up again");
            assertEquals(0, gauge(MemcachedMetrics.CONNECTIONS, "down"));
            assertEquals(1, counter(MemcachedMetrics.ERRORS, "command", "get", "exception", "MemcachedConnectionException"));
            assertTrue(client.get("k").isPresent());
        }
    }

    @Test
    void aDesyncIsCounted() {
        try (MemcachedClient client = connect(MemcachedMetrics.bind(config(), registry))) {
            client.set("someone-else", "x".getBytes(UTF_8), 0, 0);
            fake.faults().on(RequestMatcher.key("victim")).times(1).replyForKey("someone-else");
            assertThrows(ProtocolException.class, () -> client.get("victim"));
            assertEquals(1, counter(MemcachedMetrics.DESYNCS));
            assertEquals(1, counter(MemcachedMetrics.ERRORS, "command", "get", "exception", "ProtocolException"));
            Await.until(Duration.ofSeconds(10), () -> gauge(MemcachedMetrics.CONNECTIONS, "up") == 1, "a new connection is up");
        }
    }

    @Test
    void backpressureIsCounted() throws Exception {
        try (MemcachedClient client = connect(MemcachedMetrics.bind(config().maxRequestsInFlight(1), registry))) {
            FaultRule hold = fake.faults().onCommand("get").times(1).delay(Duration.ofMillis(300));
            CompletableFuture<?> first = client.async().get("a");
            ExecutionException refused = assertThrows(ExecutionException.class, () -> client.async().get("b").get());
            assertInstanceOf(BackpressureException.class, refused.getCause());
            assertEquals(1, counter(MemcachedMetrics.BACKPRESSURE, "command", "get"));
            assertEquals(1, registry.find(MemcachedMetrics.IN_FLIGHT).tag("server", server).gauge().value());
            first.get();
            assertEquals(1, hold.matchCount());
            assertEquals(0, registry.find(MemcachedMetrics.IN_FLIGHT).tag("server", server).gauge().value());
        }
    }

    @Test
    void eachRequestIsAnObservationWithCommandAndServerNeverTheValue() {
        List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        });
        try (MemcachedClient client = connect(MemcachedMetrics.builder(registry).observations(observations).bind(config()))) {
            client.set("secret-key", "secret-value".getBytes(UTF_8), 0, 0);
            fake.faults().onCommand("get").times(1).replyServerError("busy");
            assertThrows(ServerErrorException.class, () -> client.get("secret-key"));
        }
        assertEquals(2, stopped.size());
        Observation.Context set = stopped.get(0);
        assertEquals(MemcachedMetrics.OBSERVATION, set.getName());
        assertEquals("memcached set", set.getContextualName());
        assertEquals("set", set.getLowCardinalityKeyValue("memcached.command").getValue());
        assertEquals(server, set.getLowCardinalityKeyValue("memcached.server").getValue());
        assertEquals("stored", set.getLowCardinalityKeyValue("memcached.outcome").getValue());
        assertNull(set.getError());
        assertFalse(set.toString().contains("secret"), set.toString());
        Observation.Context get = stopped.get(1);
        assertEquals("error", get.getLowCardinalityKeyValue("memcached.outcome").getValue());
        assertInstanceOf(ServerErrorException.class, get.getError());
        assertFalse(get.getHighCardinalityKeyValues().iterator().hasNext());
    }

    @Test
    void theConnectionsGaugesFollowTheServerList() {
        FakeMemcached second = FakeMemcached.start();
        FakeMemcached gone = FakeMemcached.start();
        ServerAddress nobody = gone.address();
        gone.close(); // nothing listens there now: its connections stay down
        String added = second.address().toString();
        try (second; MemcachedClient client = Memcached.connect(MemcachedMetrics.bind(config().connectionsPerServer(2), registry).build())) {
            Await.until(Duration.ofSeconds(10), () -> gauge(MemcachedMetrics.CONNECTIONS, "up") == 2, "both connections are up");
            assertEquals(-1, connections(added, "down"), "no meters for a server the client does not have");

            client.updateServers(List.of(fake.address(), second.address(), nobody));
            assertEquals(2, connections(nobody.toString(), "down"), "an added server unreachable: its connections are down");
            assertEquals(0, connections(nobody.toString(), "up"));
            Await.until(Duration.ofSeconds(10), () -> connections(added, "up") == 2, "the added server's connections are up");
            assertEquals(0, connections(added, "down"));

            client.updateServers(List.of(second.address()));
            assertTrue(gauge(MemcachedMetrics.CONNECTIONS, "down") <= 0, "a removed server's connections are not down");
            assertEquals(-1, connections(nobody.toString(), "down"),
                    "a removed server with no connection up and no request in flight: its meters are removed at once");
            assertEquals(-1, connections(nobody.toString(), "up"));
            Await.until(Duration.ofSeconds(10), () -> gauge(MemcachedMetrics.CONNECTIONS, "up") == -1,
                    "the removed server's connections close, then its meters are removed");
            assertEquals(-1, gauge(MemcachedMetrics.CONNECTIONS, "down"));
            assertTrue(registry.find(MemcachedMetrics.REQUESTS).tag("server", server).meters().isEmpty(),
                    "none of the removed server's meters is left");
            assertTrue(registry.find(MemcachedMetrics.HITS).tag("server", server).meters().isEmpty());
            assertEquals(2, connections(added, "up"));

            client.updateServers(List.of(second.address(), fake.address()));
            assertTrue(gauge(MemcachedMetrics.CONNECTIONS, "down") >= 0, "added again: its meters are made again");
            Await.until(Duration.ofSeconds(10), () -> gauge(MemcachedMetrics.CONNECTIONS, "up") == 2, "its connections are up");
            assertEquals(0, gauge(MemcachedMetrics.CONNECTIONS, "down"));
        }
        for (String s : List.of(server, added)) {
            assertEquals(0, connections(s, "up"), s);
            assertEquals(0, connections(s, "down"), "closed with its last list: " + s);
        }
        assertEquals(0, registry.find(MemcachedMetrics.IN_FLIGHT).tag("server", added).gauge().value());
    }

    @Test
    void oneListenerSharedByTwoClientsCountsBoth() {
        ClientConfig.Builder config = MemcachedMetrics.bind(config(), registry);
        try (MemcachedClient a = Memcached.connect(config.build()); MemcachedClient b = Memcached.connect(config.build())) {
            Await.until(Duration.ofSeconds(10), () -> gauge(MemcachedMetrics.CONNECTIONS, "up") == 2, "both connections are up");
            a.get("x");
            b.get("x");
            assertEquals(2, counter(MemcachedMetrics.MISSES));
        }
    }
}
