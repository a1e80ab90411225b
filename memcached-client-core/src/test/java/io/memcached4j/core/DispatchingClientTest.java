package io.memcached4j.core;

import io.memcached4j.CacheMissException;
import io.memcached4j.CasConflictException;
import io.memcached4j.CasItem;
import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.LineConnection;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.Request.StoreResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DispatchingClientTest {

    /** A dispatcher that records what it is sent and answers with a function of (server, request). */
    static final class RecordingDispatcher implements RequestDispatcher {
        final ClientConfig config;
        final List<String> sent = new ArrayList<>();
        static final BiFunction<Integer, Request<?>, Object> NEVER = (server, request) -> null;
        BiFunction<Integer, Request<?>, Object> answer = (server, request) -> null;
        boolean dispatchThread;
        final IoThreadGuard guard = new IoThreadGuard(() -> dispatchThread);
        boolean closed;
        /** The future {@link #send} returned last; read by a test thread while a caller blocks. */
        volatile CompletableFuture<?> lastSent;
        /** Whether a request never answered gets a {@link ClientFuture}, as the transports give, rather than a plain future. */
        boolean clientFutures;
        /** Runs in {@link #send} before it answers, on the caller's thread. */
        Runnable beforeSend = () -> { };
        /** Whether a request never answered gets a {@link ClientFuture} made with the client's observer, as nio's are. */
        boolean observedFutures;

        RecordingDispatcher(String servers) {
            this(ClientConfig.builder().servers(servers).itemSizeLimit(100).operationTimeout(Duration.ofMillis(200)).build());
        }

        RecordingDispatcher(ClientConfig config) {
            this.config = config;
        }

        @Override
        public ClientConfig config() {
            return config;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <D, T> CompletableFuture<T> send(int server, Request<D> request, ReplyMapper<D, T> mapper,
                                                long timeoutNanos, boolean blocking) {
            beforeSend.run();
            CompletableFuture<T> future = answer(server, request, mapper);
            lastSent = future;
            return future;
        }

        /** With {@link #observedFutures}, makes a request never answered a future with the observer. */
        @Override
        public <D, T> CompletableFuture<T> send(int server, Request<D> request, ReplyMapper<D, T> mapper,
                                                long timeoutNanos, boolean blocking, ClientFuture.Observer observer) {
            if (!observedFutures || answer != NEVER) {
                return send(server, request, mapper, timeoutNanos, blocking);
            }
            beforeSend.run();
            sent.add(server + ":" + request);
            ClientFuture<T> future = new ClientFuture<>(guard, System.nanoTime(), observer, request);
            lastSent = future;
            return future;
        }

        @SuppressWarnings("unchecked")
        private <D, T> CompletableFuture<T> answer(int server, Request<D> request, ReplyMapper<D, T> mapper) {
            sent.add(server + ":" + request);
            if (answer == NEVER) {
                return clientFutures ? new ClientFuture<>(guard) : new CompletableFuture<>();
            }
            try {
                Object reply = answer.apply(server, request);
                if (reply instanceof MemcachedException e) {
                    return CompletableFuture.failedFuture(e);
                }
                return CompletableFuture.completedFuture(mapper.map(request, (D) reply));
            } catch (MemcachedException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public IoThreadGuard ioThreadGuard() {
            return guard;
        }

        @Override
        public LineConnection openLineConnection(ServerAddress server) {
            throw new UnsupportedOperationException();
        }

        /** The server list changes the client asked for: {@code +id address} and {@code -id}. */
        final List<String> changes = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void addServer(int server, ServerAddress address) {
            changes.add("+" + server + " " + address);
        }

        @Override
        public void removeServer(int server) {
            changes.add("-" + server);
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void invalidArgumentsNeverReachTheTransport() {
        RecordingDispatcher d = new RecordingDispatcher("a:1");
        MemcachedClient client = DispatchingClient.create(d);
        assertThrows(IllegalArgumentException.class, () -> client.get("a\r\nflush_all"));
        assertThrows(IllegalArgumentException.class, () -> client.set("k", new byte[41], 0, 0));
        assertThrows(IllegalArgumentException.class, () -> client.async().append("k", new byte[41]));
        assertThrows(IllegalArgumentException.class, () -> client.getAll(List.of("ok", "not ok")));
        assertThrows(NullPointerException.class, () -> client.set(null));
        IllegalArgumentException cas = assertThrows(IllegalArgumentException.class,
                () -> client.compareAndSwap(CasItem.of("k", new byte[1], 0, 0)));
        assertTrue(cas.getMessage().contains("getWithCas"), cas.getMessage());
        assertThrows(IllegalArgumentException.class, () -> client.rawCommand("set k 0 0 1"));
        assertThrows(IllegalArgumentException.class, () -> client.rawCommand("delete k noreply"));
        assertThrows(IllegalArgumentException.class, () -> client.rawCommand("stats\r\nflush_all"));
        assertThrows(IllegalArgumentException.class, () -> client.stats("two words"));
        assertThrows(IllegalArgumentException.class, () -> client.rawCommand(new ServerAddress("other", 1), "stats"));
        assertEquals(List.of(), d.sent, "nothing was sent");
    }

    @Test
    void casOutcomesBecomeTypedExceptions() {
        RecordingDispatcher d = new RecordingDispatcher("a:1");
        MemcachedClient client = DispatchingClient.create(d);
        CasItem item = new CasItem("k", "v".getBytes(UTF_8), 0, 0, 42);
        d.answer = (s, r) -> StoreResult.EXISTS;
        CasConflictException conflict = assertThrows(CasConflictException.class, () -> client.compareAndSwap(item));
        assertEquals("k", conflict.key());
        d.answer = (s, r) -> StoreResult.NOT_FOUND;
        assertThrows(CacheMissException.class, () -> client.compareAndSwap(item));
        assertTrue(MemcachedException.isCasConflict(
                assertThrows(Exception.class, () -> { d.answer = (s, r) -> StoreResult.EXISTS; client.async().compareAndSwap(item).join(); })));
        d.answer = (s, r) -> StoreResult.STORED;
        client.compareAndSwap(item);
        assertTrue(d.sent.get(d.sent.size() - 1).contains("cas=42"), d.sent.toString());
    }

    @Test
    void multiGetIsSplitPerServerAndMerged() {
        RecordingDispatcher d = new RecordingDispatcher("a:1,b:2");
        d.answer = (server, request) -> {
            Map<String, Item> found = new HashMap<>();
            for (String key : ((Request.GetAll) request).keys()) {
                if (!key.endsWith("miss")) {
                    found.put(key, Item.of(key, (server + key).getBytes(UTF_8)));
                }
            }
            return found;
        };
        Ketama ketama = Ketama.of(d.config.servers());
        String[] first = new String[2];
        for (int i = 0; first[0] == null || first[1] == null; i++) {
            int owner = ketama.nodeFor("k" + i);
            if (first[owner] == null) {
                first[owner] = "k" + i;
            }
        }
        String on0 = first[0];
        String on1 = first[1];
        Map<String, Item> items = DispatchingClient.create(d).getAll(List.of(on0, on1, on0 + "miss", on0));
        assertEquals(2, items.size());
        assertEquals("0" + on0, new String(items.get(on0).value(), UTF_8), "the ketama owner answered");
        assertEquals("1" + on1, new String(items.get(on1).value(), UTF_8), "the ketama owner answered");
        assertFalse(items.containsKey(on0 + "miss"));
        assertEquals(2, d.sent.size(), "one request per server: " + d.sent);
    }

    @Test
    void multiGetSendsEachKeyOnceInFirstSeenOrder() {
        RecordingDispatcher d = new RecordingDispatcher("a:1");
        List<List<String>> requested = new ArrayList<>();
        d.answer = (server, request) -> {
            List<String> keys = ((Request.GetAll) request).keys();
            requested.add(keys);
            return Map.of(keys.get(0), Item.of(keys.get(0), new byte[] {1}));
        };
        MemcachedClient client = DispatchingClient.create(d);
        Map<String, Item> items = client.getAll(List.of("b", "a", "b", "c", "a", "b"));
        assertEquals(List.of(List.of("b", "a", "c")), requested);
        assertEquals(Map.of("b", Item.of("b", new byte[] {1})), items);
        assertEquals(Map.of(), client.getAll(List.of()));
        assertEquals(1, d.sent.size(), "an empty multi-get sends nothing: " + d.sent);
        List<String> withNull = new ArrayList<>(List.of("a"));
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> client.getAll(withNull));
        assertEquals(1, d.sent.size());
    }

    @Test
    void failuresAndTimeoutsSurfaceAsTheyAre() {
        RecordingDispatcher d = new RecordingDispatcher("a:1");
        MemcachedClient client = DispatchingClient.create(d);
        d.answer = (s, r) -> new MemcachedTimeoutException("slow");
        assertThrows(MemcachedTimeoutException.class, () -> client.get("k"));
        d.answer = RecordingDispatcher.NEVER;
        assertThrows(MemcachedTimeoutException.class, () -> client.get("k"),
                "a transport that never answers still cannot hang a blocking caller");
    }

    /**
     * A blocking call waits for its request until the request's own deadline (plus a grace), not a
     * full timeout from when the transport returned (issue 10): here the transport returns only after
     * that deadline, and the reply would come as soon as the caller waits for it.
     */
    @Test
    void aBlockingCallWaitsUntilItsRequestsDeadlineNotAFullTimeoutFromWhenTheTransportReturned() throws Exception {
        RecordingDispatcher dispatcher = new RecordingDispatcher("127.0.0.1:11211");
        dispatcher.answer = RecordingDispatcher.NEVER;
        long pastDeadline = dispatcher.config.operationTimeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(200);
        dispatcher.beforeSend = () -> {
            // held up until past the deadline and its grace: waiting on that moment itself
            long until = System.nanoTime() + pastDeadline;
            while (System.nanoTime() - until < 0) {
                LockSupport.parkNanos(until - System.nanoTime());
            }
        };
        MemcachedClient client = DispatchingClient.create(dispatcher);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.set(client.get("k"));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        }, "blocking-caller");
        caller.start();
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (outcome.get() == null && System.nanoTime() - giveUp < 0) {
            Thread.State state = caller.getState();
            CompletableFuture<?> sent = dispatcher.lastSent;
            if (sent != null && (state == Thread.State.TIMED_WAITING || state == Thread.State.WAITING)) {
                // the caller waits on its request although its deadline has passed: answer it
                complete(sent, Optional.empty());
            }
            Thread.onSpinWait();
        }
        caller.join(TimeUnit.SECONDS.toMillis(10));
        assertInstanceOf(MemcachedTimeoutException.class, outcome.get());
    }

    @SuppressWarnings("unchecked")
    private static void complete(CompletableFuture<?> future, Object value) {
        ((CompletableFuture<Object>) future).complete(value);
    }

    @Test
    void blockingOnTheIoThreadIsRefused() {
        RecordingDispatcher d = new RecordingDispatcher("a:1");
        d.answer = RecordingDispatcher.NEVER;
        d.dispatchThread = true;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DispatchingClient.create(d).get("k"));
        assertTrue(e.getMessage().contains("deadlock"), e.getMessage());
        assertEquals(List.of(), d.sent, "refused before anything is sent");
    }

    @Test
    void theItemSizeCheckCountsKeyHeaderFlagsAndCrlfAsMemcachedDoes() {
        RecordingDispatcher d = new RecordingDispatcher("a:1");   // itemSizeLimit 100
        d.answer = (server, request) -> request instanceof Request.Meta ? null : StoreResult.STORED;
        MemcachedClient client = DispatchingClient.create(d);
        // 56-byte header (with CAS) + "k" and its NUL + the value + CRLF: 40 bytes fit in 100
        client.set("k", new byte[40], 0, 0);
        assertThrows(IllegalArgumentException.class, () -> client.set("k", new byte[41], 0, 0));
        // non-zero flags take 4 bytes more
        client.set("k", new byte[36], 1, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.set("k", new byte[37], 1, 0));
        assertTrue(e.getMessage().contains("101 bytes") && e.getMessage().contains("100"), e.getMessage());
        // the key counts in UTF-8 bytes: "é" is 2
        client.set("é", new byte[39], 0, 0);
        assertThrows(IllegalArgumentException.class, () -> client.set("é", new byte[40], 0, 0));
        // a meta set counts its F flags, and a binary key's decoded length
        client.meta(io.memcached4j.MetaRequest.set("k", new byte[40]).build());
        assertThrows(IllegalArgumentException.class,
                () -> client.meta(io.memcached4j.MetaRequest.set("k", new byte[40]).setClientFlags(5).build()));
        client.meta(io.memcached4j.MetaRequest.set("ignored", new byte[38]).base64Key(new byte[3]).build());
        assertThrows(IllegalArgumentException.class,
                () -> client.meta(io.memcached4j.MetaRequest.set("ignored", new byte[39]).base64Key(new byte[3]).build()));
        assertEquals(5, d.sent.size(), "only the items that fit were sent: " + d.sent);
    }

    @Test
    void everyServerOperationsAndIdentity() {
        RecordingDispatcher d = new RecordingDispatcher("a:1,b:2");
        d.answer = (server, request) -> "1.6." + server;
        MemcachedClient client = DispatchingClient.create(d);
        assertEquals(Map.of(new ServerAddress("a", 1), "1.6.0", new ServerAddress("b", 2), "1.6.1"), client.version());
        assertThrows(IllegalStateException.class, () -> client.rawCommand("stats"));
        assertEquals("a:1,b:2", client.address());
        assertEquals("MemcachedClient[recording a:1,b:2]", client.toString());
        client.close();
        assertTrue(d.closed);
    }

    @Test
    void singleServerConveniencesAnswerForTheOnlyServer() {
        RecordingDispatcher d = new RecordingDispatcher("a:1");
        d.answer = (server, request) -> request instanceof Request.Stats stats
                ? Map.of("group", String.valueOf(stats.group())) : "1.6.18";
        MemcachedClient client = DispatchingClient.create(d);
        assertEquals("1.6.18", client.singleServerVersion());
        assertEquals(Map.of("group", "null"), client.singleServerStats());
        assertEquals(Map.of("group", "slabs"), client.singleServerStats("slabs"));
        assertEquals(3, d.sent.size(), d.sent.toString());
    }

    @Test
    void singleServerConveniencesRefuseSeveralServersNamingThemBeforeSending() {
        RecordingDispatcher d = new RecordingDispatcher("a:1,b:2");
        MemcachedClient client = DispatchingClient.create(d);
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("singleServerStats()", client::singleServerStats);
        calls.put("singleServerStats(String)", () -> client.singleServerStats("items"));
        calls.put("singleServerVersion()", client::singleServerVersion);
        calls.put("rawCommand(String)", () -> client.rawCommand("stats"));
        calls.forEach((method, call) -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, call);
            assertTrue(e.getMessage().startsWith(method + " is for a client of one server, and this one has 2: [a:1, b:2]; use "),
                    e.getMessage());
        });
        assertEquals(List.of(), d.sent, "nothing is sent");
    }
}
