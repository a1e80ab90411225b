package io.memcached4j.core;

import io.memcached4j.BackpressureException;
import io.memcached4j.CasItem;
import io.memcached4j.ClientConfig;
import io.memcached4j.ClientListener;
import io.memcached4j.ClientListener.Outcome;
import io.memcached4j.Item;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.DispatchingClientTest.RecordingDispatcher;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.Request.StoreResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the shared client logic tells a {@link ClientListener}, and that without one it does nothing at all. */
class ClientListenerTest {

    /** Writes every event as a line. */
    static final class Recorder implements ClientListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void clientOpened(ClientConfig config) {
            events.add("opened");
        }

        @Override
        public void clientClosed(ClientConfig config, List<ServerAddress> servers) {
            events.add("closed");
        }

        @Override
        public Object requestStarted(String command, ServerAddress server) {
            events.add("start " + command + " " + server);
            return "ctx-" + command;
        }

        @Override
        public void requestFinished(Object context, String command, ServerAddress server, Outcome outcome,
                                    long durationNanos, Throwable failure) {
            assertTrue(durationNanos >= 0);
            events.add("finish " + context + " " + command + " " + server + " " + outcome
                    + (failure == null ? "" : " " + failure.getClass().getSimpleName()));
        }

        @Override
        public void retrieved(Object context, String command, ServerAddress server, int hits, int misses) {
            events.add("retrieved " + context + " " + command + " " + server + " " + hits + "/" + misses);
        }

        @Override
        public void timeout(String command, ServerAddress server) {
            events.add("timeout " + command);
        }

        @Override
        public void backpressure(String command, ServerAddress server) {
            events.add("backpressure " + command);
        }
    }

    private static RecordingDispatcher dispatcher(String servers, ClientListener... listeners) {
        return new RecordingDispatcher(ClientConfig.builder().servers(servers).operationTimeout(Duration.ofMillis(200))
                .listeners(List.of(listeners)).build());
    }

    /** What the decoder makes of a reply holding every key but those ending in "miss": a list, or getAll's map. */
    private static Object found(Request<?> request) {
        if (request instanceof Request.GetAll getAll) {
            Map<String, Item> items = new HashMap<>();
            for (String key : getAll.keys()) {
                if (!key.endsWith("miss")) {
                    items.put(key, Item.of(key, new byte[] {1}));
                }
            }
            return items;
        }
        List<CasItem> items = new ArrayList<>();
        for (String key : ((Request.Retrieval) request).keys()) {
            if (!key.endsWith("miss")) {
                items.add(CasItem.of(key, new byte[] {1}, 0, 0));
            }
        }
        return items;
    }

    /**
     * A dispatcher of server {@code a:1} that never answers and gives {@link ClientFuture}s, made with
     * the client's observer when {@code observed}, else observed by the client once returned.
     */
    private static RecordingDispatcher unanswering(Recorder recorder, boolean observed) {
        RecordingDispatcher d = dispatcher("a:1", recorder);
        d.clientFutures = true;
        d.observedFutures = observed;
        d.answer = RecordingDispatcher.NEVER;
        return d;
    }

    @Test
    void withoutAListenerTheTransportsOwnFutureIsReturned() {
        RecordingDispatcher d = dispatcher("a:1");
        assertTrue(d.config().listeners().isEmpty());
        assertFalse(d.config().listener().isPresent());
        MemcachedClient client = DispatchingClient.create(d);
        d.answer = (s, r) -> found(r);
        CompletableFuture<Optional<Item>> got = client.async().get("a1");
        assertSame(d.lastSent, got, "nothing wraps, observes or records the request");
        d.answer = (s, r) -> new MemcachedTimeoutException("slow");
        CompletableFuture<Boolean> deleted = client.async().delete("a1");
        assertSame(d.lastSent, deleted);
    }

    @Test
    void everyRequestIsReportedOnceWithItsOutcome() {
        Recorder recorder = new Recorder();
        RecordingDispatcher d = dispatcher("a:1,b:2", recorder);
        MemcachedClient client = DispatchingClient.create(d);
        assertEquals(List.of("opened"), recorder.events);
        recorder.events.clear();

        d.answer = (s, r) -> found(r);
        assertTrue(client.get("a1").isPresent());
        assertFalse(client.get("amiss").isPresent());
        assertEquals(List.of("start get a:1", "retrieved ctx-get get a:1 1/0", "finish ctx-get get a:1 HIT",
                "start get a:1", "retrieved ctx-get get a:1 0/1", "finish ctx-get get a:1 MISS"), recorder.events);
        recorder.events.clear();

        assertEquals(2, client.getAll(List.of("a1", "b1", "bmiss")).size());
        // ketama decides which server each key goes to: count over whichever servers the multi-get reached
        int hits = 0;
        int misses = 0;
        int retrievals = 0;
        for (String event : recorder.events) {
            if (event.startsWith("retrieved ")) {
                String[] counts = event.substring(event.lastIndexOf(' ') + 1).split("/");
                hits += Integer.parseInt(counts[0]);
                misses += Integer.parseInt(counts[1]);
                retrievals++;
            }
        }
        assertEquals(2, hits, recorder.events.toString());
        assertEquals(1, misses, recorder.events.toString());
        assertEquals(retrievals, recorder.events.stream().filter(e -> e.startsWith("finish ctx-get get ")).count(),
                "one finish per server the multi-get went to: " + recorder.events);
        recorder.events.clear();

        d.answer = (s, r) -> StoreResult.NOT_STORED;
        assertFalse(client.add(Item.of("a1", "v".getBytes(UTF_8))));
        d.answer = (s, r) -> StoreResult.EXISTS;
        assertThrows(RuntimeException.class, () -> client.compareAndSwap(new CasItem("a1", new byte[] {1}, 0, 0, 7)));
        d.answer = (s, r) -> Boolean.FALSE;
        assertFalse(client.delete("a1"));
        d.answer = (s, r) -> new MemcachedTimeoutException("slow");
        assertThrows(MemcachedTimeoutException.class, () -> client.touch("a1", 5));
        d.answer = (s, r) -> new BackpressureException("full");
        assertThrows(BackpressureException.class, () -> client.get("a1"));
        assertEquals(List.of(
                "start add a:1", "finish ctx-add add a:1 NOT_STORED",
                "start cas a:1", "finish ctx-cas cas a:1 NOT_STORED CasConflictException",
                "start delete a:1", "finish ctx-delete delete a:1 NOT_FOUND",
                "start touch a:1", "timeout touch", "finish ctx-touch touch a:1 ERROR MemcachedTimeoutException",
                "start get a:1", "backpressure get", "finish ctx-get get a:1 ERROR BackpressureException"), recorder.events);

        client.close();
        client.close();
        assertEquals(1, recorder.events.stream().filter("closed"::equals).count());
    }

    @Test
    void theCallerGetsTheFailureAsTheTransportGaveItAndTheListenerHearsFirst() {
        Recorder recorder = new Recorder();
        RecordingDispatcher d = dispatcher("a:1", recorder);
        MemcachedClient client = DispatchingClient.create(d);
        d.answer = RecordingDispatcher.NEVER;
        CompletableFuture<Optional<Item>> got = client.async().get("a1");
        assertNotSame(d.lastSent, got);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        AtomicReference<List<String>> heardBefore = new AtomicReference<>();
        got.whenComplete((v, e) -> {
            seen.set(e);
            heardBefore.set(List.copyOf(recorder.events));
        });
        MemcachedTimeoutException timeout = new MemcachedTimeoutException("slow");
        d.lastSent.completeExceptionally(timeout);
        assertSame(timeout, seen.get(), "not wrapped in a CompletionException");
        assertTrue(heardBefore.get().contains("finish ctx-get get a:1 ERROR MemcachedTimeoutException"), heardBefore.get().toString());

        client.async().get("a2").cancel(false);
        assertTrue(d.lastSent.isCancelled(), "cancelling the caller's future cancels the transport's");
    }

    @Test
    void aTransportsClientFutureIsObservedNotWrappedAndTheListenerHearsBeforeTheCaller() {
        Recorder recorder = new Recorder();
        RecordingDispatcher d = unanswering(recorder, false);
        MemcachedClient client = DispatchingClient.create(d);
        CompletableFuture<Optional<Item>> got = client.async().get("a1");
        assertSame(d.lastSent, got, "no stage of its own: the transport's future is the caller's");
        AtomicReference<List<String>> heardBefore = new AtomicReference<>();
        got.whenComplete((v, e) -> heardBefore.set(List.copyOf(recorder.events)));
        MemcachedTimeoutException timeout = new MemcachedTimeoutException("slow");
        assertTrue(d.lastSent.completeExceptionally(timeout));
        assertFalse(complete(d.lastSent), "the request completed once");
        assertTrue(heardBefore.get().contains("finish ctx-get get a:1 ERROR MemcachedTimeoutException"), heardBefore.get().toString());
        assertEquals(1, recorder.events.stream().filter(e -> e.startsWith("finish ")).count(), recorder.events.toString());

        recorder.events.clear();
        assertTrue(client.async().get("a2").cancel(false));
        assertEquals(List.of("start get a:1", "finish ctx-get get a:1 ERROR CancellationException"), recorder.events);
    }

    @Test
    void aFutureTheTransportMadeWithTheObserverIsReturnedAndTheListenerHearsTheStartWhenItIsMade() {
        Recorder recorder = new Recorder();
        RecordingDispatcher d = unanswering(recorder, true);
        MemcachedClient client = DispatchingClient.create(d);
        AtomicReference<List<String>> heardBeforeSend = new AtomicReference<>();
        d.beforeSend = () -> heardBeforeSend.set(List.copyOf(recorder.events));
        CompletableFuture<Optional<Item>> got = client.async().get("a1");
        assertSame(d.lastSent, got, "the transport's future, observed from its making");
        assertEquals(List.of("opened"), heardBeforeSend.get(), "nothing heard before the transport made the future");
        assertEquals(List.of("opened", "start get a:1"), recorder.events, "the start, once, when the future was made");
        AtomicReference<List<String>> heardBefore = new AtomicReference<>();
        got.whenComplete((v, e) -> heardBefore.set(List.copyOf(recorder.events)));
        assertTrue(complete(got));
        assertFalse(got.cancel(false), "the request completed once");
        assertEquals(List.of("opened", "start get a:1", "retrieved ctx-get get a:1 0/1", "finish ctx-get get a:1 MISS"),
                recorder.events);
        assertEquals(recorder.events, heardBefore.get(), "the listener hears before the caller's callbacks run");
    }

    @Test
    void aRequestTheTransportRefusedByThrowingIsHeardAsStartedAndFailed() {
        Recorder recorder = new Recorder();
        RecordingDispatcher d = unanswering(recorder, true);
        MemcachedClient client = DispatchingClient.create(d);
        d.beforeSend = () -> {
            throw new IllegalStateException("the transport broke");
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> client.async().get("a1"));
        assertEquals("the transport broke", e.getMessage(), "the caller gets the transport's exception");
        assertEquals(List.of("opened", "start get a:1", "finish ctx-get get a:1 ERROR IllegalStateException"),
                recorder.events);
    }

    @SuppressWarnings("unchecked")
    private static boolean complete(CompletableFuture<?> future) {
        return ((CompletableFuture<Object>) future).complete(Optional.empty());
    }

    @Test
    void aThrowingListenerDoesNotReachTheCallerNorTheOtherListeners() {
        ClientListener throwing = new ClientListener() {
            @Override
            public Object requestStarted(String command, ServerAddress server) {
                throw new IllegalStateException("broken listener");
            }

            @Override
            public void requestFinished(Object context, String command, ServerAddress server, Outcome outcome,
                                        long durationNanos, Throwable failure) {
                throw new IllegalStateException("broken listener");
            }
        };
        Recorder recorder = new Recorder();
        RecordingDispatcher d = dispatcher("a:1", throwing, recorder);
        MemcachedClient client = DispatchingClient.create(d);
        d.answer = (s, r) -> found(r);
        assertTrue(client.get("a1").isPresent());
        assertTrue(recorder.events.contains("finish ctx-get get a:1 HIT"), recorder.events.toString());
        assertThrows(NullPointerException.class, () -> ClientConfig.builder().listener(null));
    }
}
