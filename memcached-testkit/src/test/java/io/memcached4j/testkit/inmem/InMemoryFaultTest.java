package io.memcached4j.testkit.inmem;

import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.LineConnection;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ServerErrorException;
import io.memcached4j.testkit.Fault;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A FakeMemcached's faults and request log apply to its in-memory clients as to its TCP ones. */
class InMemoryFaultTest {
    private FakeMemcached fake;
    private MemcachedClient client;

    @BeforeEach
    void start() {
        fake = FakeMemcached.start();
        client = Memcached.connect(ClientConfig.builder().servers(fake.address().toString()).transport("inmem")
                .operationTimeout(Duration.ofMillis(300)).build());
        client.set("k", "v".getBytes(UTF_8), 0, 0);
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    private String value() {
        return new String(client.get("k").orElseThrow().value(), UTF_8);
    }

    @Test
    void aStallFaultTimesRequestsOut() {
        fake.fault("get", Fault.stall());
        CompletableFuture<Optional<Item>> stalled = client.async().get("k");
        CompletableFuture<Void> behind = client.async().set(new Item("k", new byte[1], 0, 0));
        assertInstanceOf(MemcachedTimeoutException.class, failure(stalled));
        assertInstanceOf(MemcachedTimeoutException.class, failure(behind), "nothing after a stall is answered");
        assertThrows(MemcachedTimeoutException.class, () -> client.get("k"), "a new connection stalls on get too");
        fake.clearFaults();
        assertEquals("v", value(), "once all its requests timed out, the connection is replaced");
    }

    private static Throwable failure(CompletableFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void replyAndDisconnectFaults() {
        fake.faultOnce("get", Fault.serverError("out of memory"));
        ServerErrorException error = assertThrows(ServerErrorException.class, () -> client.get("k"));
        assertTrue(error.getMessage().contains("out of memory"), error.getMessage());
        assertEquals("v", value());

        fake.faultOnce("get", Fault.disconnect());
        assertThrows(MemcachedConnectionException.class, () -> client.get("k"));
        assertEquals("v", value(), "the next request opens a new connection");
    }

    @Test
    void aDelayFaultHoldsTheReplyWithoutLosingIt() {
        fake.faultOnce("get", Fault.delay(Duration.ofMillis(30)));
        assertEquals("v", value());
        client.set("k", "w".getBytes(UTF_8), 0, 0);
        assertEquals("w", value());
    }

    @Test
    void refusedConnectionsAndConnectionLimits() {
        fake.closeConnectionsAfterRequests(2);
        assertEquals("v", value());
        assertThrows(MemcachedConnectionException.class, () -> client.get("k"), "the third request on the connection");
        fake.closeConnectionsAfterRequests(0);
        fake.refuseConnections(true);
        assertThrows(MemcachedConnectionException.class, () -> client.get("k"));
        fake.refuseConnections(false);
        assertEquals("v", value());
    }

    @Test
    void theRequestLogShowsInMemoryRequests() throws InterruptedException {
        RecordedRequest set = fake.takeRequest(Duration.ofSeconds(5));
        assertEquals("set", set.request().command());
        client.get("k");
        RecordedRequest get = fake.takeRequest(Duration.ofSeconds(5));
        assertEquals("get", get.request().command());
        assertEquals(set.connection(), get.connection(), "one connection");
    }

    @Test
    void faultsApplyToLineConnections() {
        fake.fault("stats", Fault.stall());
        LineConnection line = client.openLineConnection(fake.address());
        try {
            line.sendLine("stats");
            assertThrows(MemcachedTimeoutException.class, () -> line.readLine(Duration.ofMillis(50)));
        } finally {
            line.close();
        }
    }
}
