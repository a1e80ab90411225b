package io.memcached4j.testkit.internal.inmem;

import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.LineConnection;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ServerErrorException;
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

import static io.memcached4j.testkit.RequestMatcher.command;
import static io.memcached4j.testkit.RequestMatcher.key;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A FakeMemcached's faults and request log apply to its in-memory clients as to its TCP ones. */
class InMemoryFaultTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private FakeMemcached fake;
    private MemcachedClient client;

    @BeforeEach
    void start() {
        fake = FakeMemcached.start();
        client = connect(TIMEOUT);
        client.set("k", "v".getBytes(UTF_8), 0, 0);
    }

    private MemcachedClient connect(Duration timeout) {
        return Memcached.connect(ClientConfig.builder().servers(fake.address().toString()).transport("inmem")
                .operationTimeout(timeout).build());
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    private String value() {
        return new String(client.get("k").orElseThrow().value(), UTF_8);
    }

    private static Throwable failure(CompletableFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void aStallTimesOutTheRequestAndTheOnesBehindIt() {
        fake.faults().onCommand("get").stall();
        CompletableFuture<Optional<Item>> stalled = client.async().get("k");
        CompletableFuture<Void> behind = client.async().set(new Item("other", new byte[1], 0, 0));
        assertInstanceOf(MemcachedTimeoutException.class, failure(stalled));
        assertInstanceOf(MemcachedTimeoutException.class, failure(behind), "nothing after a stall is answered");
        assertThrows(MemcachedTimeoutException.class, () -> client.get("k"), "a new connection stalls on get too");
        fake.faults().clear();
        assertEquals("v", value(), "once all its requests timed out, the connection is replaced");
        assertEquals(1, client.get("other").orElseThrow().value().length,
                "a stall holds replies, not execution, as over TCP");
    }

    @Test
    void serverErrorAndCloseConnectionFaults() {
        fake.faults().onCommand("get").times(1).replyServerError("out of memory");
        ServerErrorException error = assertThrows(ServerErrorException.class, () -> client.get("k"));
        assertTrue(error.getMessage().contains("out of memory"), error.getMessage());
        assertEquals("v", value());

        fake.faults().onCommand("get").times(1).closeConnection();
        assertThrows(MemcachedConnectionException.class, () -> client.get("k"));
        assertEquals("v", value(), "the next request opens a new connection");
    }

    @Test
    void aCutReplyClosesTheConnection() {
        fake.faults().onCommand("get").times(1).truncateReply(5);
        assertThrows(MemcachedConnectionException.class, () -> client.get("k"));
        assertEquals("v", value());

        fake.faults().closeConnectionsAfterBytes(3);
        assertThrows(MemcachedConnectionException.class, () -> client.get("k"));
    }

    @Test
    void aDelayHoldsTheReplyWithoutLosingIt() throws Exception {
        fake.faults().onCommand("get").times(1).delay(Duration.ofMillis(30));
        CompletableFuture<Optional<Item>> delayed = client.async().get("k");
        CompletableFuture<Void> behind = client.async().set(new Item("k", "w".getBytes(UTF_8), 0, 0));
        assertEquals("v", new String(delayed.get(5, TimeUnit.SECONDS).orElseThrow().value(), UTF_8));
        behind.get(5, TimeUnit.SECONDS);
        assertEquals("w", value(), "the request behind the delayed one was executed and answered after it");
    }

    @Test
    void aDelayedClientDoesNotBlockOtherClients() throws Exception {
        fake.faults().on(command("get").and(key("slow"))).delay(Duration.ofHours(1));
        try (MemcachedClient slowClient = connect(Duration.ofMinutes(5))) {
            CompletableFuture<Optional<Item>> slow = slowClient.async().get("slow");
            fake.takeRequest(); // the set of @BeforeEach
            assertEquals("slow", fake.takeRequest().key(), "the delayed request reached the fake");
            assertEquals("v", value(), "another in-memory client is answered meanwhile");
            assertFalse(slow.isDone(), "the delayed reply is still held");
            slow.cancel(true);
        }
    }

    @Test
    void connectionPolicies() throws InterruptedException {
        fake.faults().closeConnectionsAfterRequests(2);
        assertEquals("v", value());
        assertEquals("v", value(), "the connection closed after its second request, the third opens another");
        assertEquals("v", value());
        RecordedRequest set = fake.takeRequest();
        RecordedRequest second = fake.takeRequest();
        RecordedRequest third = fake.takeRequest();
        RecordedRequest fourth = fake.takeRequest();
        assertEquals(set.connectionId(), second.connectionId());
        assertNotEquals(second.connectionId(), third.connectionId());
        assertEquals(0, third.sequenceNumber());
        assertEquals(third.connectionId(), fourth.connectionId());
        fake.faults().clear();
        fake.faults().refuseConnections();
        assertThrows(MemcachedConnectionException.class, () -> client.get("k"));
        fake.faults().acceptConnections();
        assertEquals("v", value());
    }

    @Test
    void theRequestLogShowsInMemoryRequests() throws InterruptedException {
        RecordedRequest set = fake.takeRequest();
        assertEquals("set", set.command());
        assertEquals("k", set.key());
        assertArrayEquals("v".getBytes(UTF_8), set.data());
        client.get("k");
        RecordedRequest get = fake.takeRequest();
        assertEquals("get", get.command());
        assertEquals(set.connectionId(), get.connectionId(), "one connection");
        assertEquals(1, get.sequenceNumber());
        try (MemcachedClient other = connect(TIMEOUT)) {
            other.get("k");
            assertNotEquals(set.connectionId(), fake.takeRequest().connectionId(), "another client, another connection");
        }
    }

    @Test
    void faultsApplyToLineConnections() {
        fake.faults().onCommand("stats").stall();
        LineConnection line = client.openLineConnection(fake.address());
        try {
            line.sendLine("stats");
            assertThrows(MemcachedTimeoutException.class, () -> line.readLine(Duration.ofMillis(50)));
        } finally {
            line.close();
        }
    }
}
