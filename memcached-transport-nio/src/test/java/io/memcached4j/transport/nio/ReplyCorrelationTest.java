package io.memcached4j.transport.nio;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.memcached4j.process.Await;
import io.memcached4j.AsyncMemcachedClient;
import io.memcached4j.CasItem;
import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MetaRequest;
import io.memcached4j.MetaResponse;
import io.memcached4j.ProtocolException;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.memcached4j.testkit.RequestMatcher.command;
import static io.memcached4j.testkit.RequestMatcher.key;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A reply is never handed to a request it does not answer: replies for other keys or with other
 * opaque tokens, and bytes that arrive when no request awaits them, discard the connection and fail
 * its requests with {@link ProtocolException}; the client reconnects. Against the testkit's fake over
 * TCP, with its faults.
 */
class ReplyCorrelationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private FakeMemcached fake;
    private MemcachedClient client;
    private ListAppender<ILoggingEvent> log;
    private Logger connectionLogger;

    @BeforeEach
    void start() {
        fake = FakeMemcached.start();
        client = Memcached.connect(ClientConfig.builder().servers(List.of(fake.address())).transport("nio")
                .connectionsPerServer(1).ioThreads(1).operationTimeout(TIMEOUT)
                .reconnectDelay(Duration.ofMillis(5), Duration.ofMillis(50)).build());
        connectionLogger = (Logger) LoggerFactory.getLogger(Connection.class);
        log = new ListAppender<>();
        log.start();
        connectionLogger.addAppender(log);
    }

    @AfterEach
    void stop() {
        connectionLogger.detachAppender(log);
        client.close();
        fake.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }

    private static String text(Optional<? extends Item> item) {
        return item.map(i -> new String(i.value(), UTF_8)).orElse(null);
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        return fail("succeeded with " + future.join());
    }

    /**
     * Waits until the connection answers a request properly: a desync on a connection that never did
     * is replaced after a backoff, during which the server counts as down (see {@code Connection}).
     * Both ways: a blocking call (on the caller's own thread, over a {@link Lane}) and an asynchronous
     * one (the event loop's connection).
     */
    private void warmUp() {
        Await.until(TIMEOUT, () -> {
            try {
                client.get("warm-up");
                client.async().get("warm-up").join();
                return true;
            } catch (MemcachedConnectionException down) {
                return false;
            } catch (CompletionException e) {
                if (e.getCause() instanceof MemcachedConnectionException) {
                    return false;
                }
                throw e;
            }
        }, "the connection answers");
    }

    /** Checks that a read ends in a desync on a working connection. */
    private void assertDesync(Executable read, String what) {
        warmUp();
        assertThrows(ProtocolException.class, read, what);
    }

    private void assertAWarningNamesTheServer() {
        assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().contains(fake.address().toString())
                && e.getFormattedMessage().contains("not the reply to its request")), () -> "no WARN: " + log.list);
    }

    @Test
    void aValueForAnotherKeyIsNeitherAHitNorAnEntry() {
        fake.faults().on(key("victim")).replyBytes(utf8("VALUE someone-else 0 5\r\nhello\r\nEND\r\n"));
        assertDesync(() -> client.get("victim"), "get");
        assertDesync(() -> client.getAll(List.of("victim", "absent")), "getAll");
        assertDesync(() -> client.getAll(List.of("absent", "victim")), "getAll");
        assertAWarningNamesTheServer();
        fake.faults().clear();
        warmUp();
        client.set(Item.of("victim", utf8("mine")));
        assertEquals("mine", text(client.get("victim")), "the client reconnected");
    }

    @Test
    void theReplyToAnotherRequestIsRefusedForEveryKindOfRead() {
        client.set(Item.of("someone-else", utf8("theirs")));
        client.set(Item.of("victim", utf8("mine")));
        fake.faults().on(key("victim")).replyForKey("someone-else");
        assertDesync(() -> client.get("victim"), "get");
        assertDesync(() -> client.getWithCas("victim"), "gets");
        assertDesync(() -> client.getAndTouch("victim", 0), "gat");
        assertDesync(() -> client.getAll(List.of("victim", "absent")), "getAll");
        assertDesync(() -> client.meta(MetaRequest.get("victim").value().build()), "its opaque token tells it apart");
        assertDesync(() -> client.meta(MetaRequest.get("victim").value().opaque("mine").build()),
                "so does the caller's own token");
        assertDesync(() -> client.meta(MetaRequest.get("victim").ttl().build()), "mg without a value");
        fake.faults().clear();
        warmUp();
        assertEquals("mine", text(client.get("victim")));
        assertEquals(Map.of("someone-else", "theirs", "victim", "mine"), texts(client.getAll(List.of("victim",
                "someone-else"))));
    }

    private static Map<String, String> texts(Map<String, Item> items) {
        Map<String, String> m = new java.util.HashMap<>();
        items.forEach((k, v) -> m.put(k, new String(v.value(), UTF_8)));
        return m;
    }

    @Test
    void metaRequestsCarryAnOpaqueTokenTheResponseDoesNotShow() throws Exception {
        client.set(Item.of("k", utf8("v")));
        fake.clearRequests();
        MetaResponse response = client.meta(MetaRequest.get("k").value().build());
        assertEquals("v", new String(response.value(), UTF_8));
        assertTrue(response.opaque().isEmpty(), response.flags().toString());
        RecordedRequest sent = fake.takeRequest();
        assertTrue(sent.metaFlags().stream().anyMatch(f -> f.startsWith("O")), sent.commandLine());
        MetaResponse own = client.meta(MetaRequest.get("k").value().opaque("mine").build());
        assertEquals(Optional.of("mine"), own.opaque(), "the caller's own token is kept");
        assertEquals("mg k v Omine", fake.takeRequest().commandLine());
    }

    @Test
    void everyRequestInFlightOnADesyncedConnectionFailsWithoutData() throws Exception {
        for (String k : List.of("first", "victim", "k1", "k2", "k3", "k4")) {
            client.set(Item.of(k, utf8(k)));
        }
        // hold the replies back until all requests are on the wire, then release them together
        fake.faults().on(key("first")).times(1).delay(Duration.ofMillis(300));
        fake.faults().on(key("victim")).replyForKey("k1");
        AsyncMemcachedClient async = client.async();
        warmUp();
        fake.clearRequests();
        CompletableFuture<Optional<Item>> first = async.get("first");
        // a gets, so that it goes out alone: the fault answers it for another key; the gets after it merge
        CompletableFuture<Optional<CasItem>> victim = async.getWithCas("victim");
        List<CompletableFuture<?>> after = new ArrayList<>();
        for (String k : List.of("k1", "k2", "k3", "k4")) {
            after.add(async.get(k));
        }
        after.add(async.set(Item.of("k1", utf8("k1"))));
        after.add(async.meta(MetaRequest.get("k2").value().build()));
        // gets that wait together go out as one multi-key get: count the keys the fake was asked about
        Await.until(TIMEOUT, () -> fake.requests().stream().mapToInt(r -> r.keys().size()).sum() >= 8,
                "every request reached the fake");
        assertEquals("first", text(first.get(10, TimeUnit.SECONDS)), "answered before the desync");
        assertInstanceOf(ProtocolException.class, failure(victim));
        for (CompletableFuture<?> f : after) {
            assertInstanceOf(ProtocolException.class, failure(f), "failed with the connection, not given a reply");
        }
        assertAWarningNamesTheServer();
        fake.faults().clear();
        warmUp();
        assertEquals("k3", text(client.get("k3")));
    }

    @Test
    void anExtraReplyIsNeverTheNextRequestsValue() {
        client.set(Item.of("a", utf8("A")));
        int stray = 0;
        int desyncs = 0;
        for (int i = 0; i < 200; i++) {
            // the worst case: an unsolicited reply for the very key the caller asks for next
            warmUp();
            fake.faults().on(key("a")).times(1).extraReply(utf8("VALUE a 0 5\r\nstray\r\nEND\r\n"));
            assertEquals("A", text(client.get("a")));
            try {
                if ("stray".equals(text(client.get("a")))) {
                    stray++;
                }
            } catch (ProtocolException e) {
                desyncs++;
            }
        }
        assertEquals(0, stray, "values of unsolicited replies returned (" + desyncs + " next requests failed)");
        assertAWarningNamesTheServer();
    }

    @Test
    void anExtraReplyIsNeverAnAsyncCallersValue() throws Exception {
        AsyncMemcachedClient async = client.async();
        client.set(Item.of("a", utf8("A")));
        client.set(Item.of("b", utf8("B")));
        for (int i = 0; i < 100; i++) {
            warmUp();
            fake.faults().on(key("a")).times(1).extraReply(utf8("VALUE b 0 5\r\nstray\r\nEND\r\n"));
            // the next request is sent from the callback, on the I/O thread, as soon as the first reply is decoded
            CompletableFuture<Optional<Item>> next = async.get("a").thenCompose(first -> async.get("b"));
            try {
                assertNotEquals("stray", text(next.get(10, TimeUnit.SECONDS)));
            } catch (ExecutionException e) {
                assertInstanceOf(ProtocolException.class, e.getCause());
            }
        }
        assertAWarningNamesTheServer();
    }

    @Test
    void aDuplicatedReplyIsNeverTheNextRequestsValue() {
        client.set(Item.of("a", utf8("A")));
        client.set(Item.of("b", utf8("B")));
        for (int i = 0; i < 50; i++) {
            warmUp();
            fake.faults().on(key("a")).times(1).duplicateReply();
            assertEquals("A", text(client.get("a")));
            try {
                assertEquals("B", text(client.get("b")));
                assertEquals("A", text(client.get("a")));
            } catch (ProtocolException expected) {
                // the duplicate was seen as bytes no request awaited
            }
        }
        assertAWarningNamesTheServer();
    }

    @Test
    void aReplySplitAndDelayedIsStillItsRequests() {
        client.set(Item.of("a", utf8("A")));
        fake.faults().on(command("get", "mg")).times(2).splitReply(9, Duration.ofMillis(50));
        assertEquals("A", text(client.get("a")));
        assertEquals("A", new String(client.meta(MetaRequest.get("a").value().build()).value(), UTF_8));
        assertTrue(log.list.isEmpty(), log.list::toString);
    }

    /**
     * A short, long or unterminated data block fails its request with {@link ProtocolException}; the
     * next values read are never what was left of it.
     */
    @Test
    void afterACorruptDataBlockTheNextValueIsNeverItsLeftover() {
        client.set(Item.of("next", utf8("right")));
        List<String> corrupt = List.of(
                // declared 5, sent 2: the next reply's bytes would make up the block
                "VALUE victim 0 5\r\nab\r\nEND\r\n",
                // declared 2, sent 5: "cde..." would be read as the next reply
                "VALUE victim 0 2\r\nabcde\r\nEND\r\n",
                // declared 7, the block swallows "\r\nEND" and the next reply would be read as part of this one
                "VALUE victim 0 7\r\nab\r\nEND\r\nVALUE next 0 8\r\nleftover\r\nEND\r\n",
                // a block whose terminator is missing, with a reply for the next request behind it
                "VALUE victim 0 2\r\nabVALUE next 0 8\r\nleftover\r\nEND\r\n",
                // cut after a block: the rest of the reply looks like the next one's
                "VALUE victim 0 1\r\nx\r\nVALUE next 0 8\r\nleftover\r\nEND\r\n");
        for (String reply : corrupt) {
            fake.faults().on(key("victim")).times(1).replyBytes(utf8(reply));
            assertDesync(() -> client.get("victim"), reply);
            warmUp();
            assertEquals("right", text(client.get("next")), reply);
            assertEquals(Map.of("next", "right"), texts(client.getAll(List.of("victim", "next"))), reply);
        }
        AsyncMemcachedClient async = client.async();
        for (String reply : corrupt) {
            warmUp();
            fake.faults().on(key("victim")).times(1).replyBytes(utf8(reply));
            CompletableFuture<Optional<Item>> victim = async.get("victim");
            // gets, so the two are never merged into one "get victim next", to which these bytes are a whole reply
            CompletableFuture<Optional<CasItem>> next = async.getWithCas("next");
            assertThrows(ExecutionException.class, () -> victim.get(10, TimeUnit.SECONDS), reply);
            try {
                assertEquals("right", next.get(10, TimeUnit.SECONDS).map(i -> new String(i.value(), UTF_8)).orElse(null), reply);
            } catch (Exception e) {
                assertInstanceOf(ProtocolException.class, e.getCause(), reply);
            }
        }
    }
}
