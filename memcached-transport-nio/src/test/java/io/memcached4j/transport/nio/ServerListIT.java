package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.ClientListener;
import io.memcached4j.Item;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ServerAddress;
import io.memcached4j.process.Await;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.process.MemcachedProcesses;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server list that changes at run time, against real memcached processes: connections open to
 * added servers and close on removed ones, and under concurrent load every request completes or
 * fails with a clear exception, never hangs.
 */
class ServerListIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @AutoClose
    private static final MemcachedProcesses SERVERS = MemcachedProcesses.start(3);
    private static final List<ServerAddress> ADDRESSES = SERVERS.addresses();

    /** Counts connections up, per server, as the listener hears them. */
    private static final class Connections implements ClientListener {
        final Map<ServerAddress, AtomicInteger> up = new ConcurrentHashMap<>();
        final List<String> servers = new java.util.concurrent.CopyOnWriteArrayList<>();

        int up(ServerAddress server) {
            return up.computeIfAbsent(server, s -> new AtomicInteger()).get();
        }

        @Override
        public void connectionUp(ServerAddress server, boolean reconnect) {
            up.computeIfAbsent(server, s -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void connectionDown(ServerAddress server, Throwable cause) {
            up.computeIfAbsent(server, s -> new AtomicInteger()).decrementAndGet();
        }

        @Override
        public void serverAdded(ClientConfig config, ServerAddress server) {
            servers.add("+" + server);
        }

        @Override
        public void serverRemoved(ClientConfig config, ServerAddress server) {
            servers.add("-" + server);
        }
    }

    private static MemcachedClient connect(List<ServerAddress> servers, ClientListener listener, Duration timeout) {
        return Memcached.connect(ClientConfig.builder().servers(servers).transport("nio").listener(listener)
                .operationTimeout(timeout).connectionsPerServer(2).ioThreads(2)
                .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200)).build());
    }

    @Test
    void connectionsOpenToAddedServersAndCloseOnRemovedOnes() {
        Connections connections = new Connections();
        ServerAddress a = ADDRESSES.get(0);
        ServerAddress b = ADDRESSES.get(1);
        ServerAddress c = ADDRESSES.get(2);
        try (MemcachedClient client = connect(List.of(a, b), connections, Duration.ofSeconds(2))) {
            client.flushAll();
            Await.until(WAIT, () -> connections.up(a) == 2 && connections.up(b) == 2, "both servers connected");
            client.updateServers(List.of(a, b, c));
            Await.until(WAIT, () -> connections.up(c) == 2, "two connections to the added server");
            for (int i = 0; i < 300; i++) {
                client.set(Item.of("added:" + i, "v".getBytes(UTF_8)));
            }
            assertTrue(Long.parseLong(client.stats().get(c).get("curr_items")) > 30, "the added server owns its share");

            client.updateServers(List.of(b, c));
            Await.until(WAIT, () -> connections.up(a) == 0, "the removed server's connections closed");
            assertEquals(List.of("+" + c, "-" + a), connections.servers);
            assertEquals(List.of(b, c), client.servers());
            assertEquals(List.of(b, c), List.copyOf(client.stats().keySet()));
            client.set(Item.of("after", "x".getBytes(UTF_8)));
            assertEquals("x", new String(client.get("after").orElseThrow().value(), UTF_8));
        }
    }

    /**
     * Four threads send asynchronous sets and gets without pause while the list changes seven times;
     * every future completes in time, and a request that fails names the removed server.
     */
    @Test
    void underConcurrentLoadEveryRequestCompletesOrFailsClearly() throws Exception {
        Connections connections = new Connections();
        List<List<ServerAddress>> lists = List.of(
                List.of(ADDRESSES.get(0), ADDRESSES.get(1)),
                List.of(ADDRESSES.get(0), ADDRESSES.get(1), ADDRESSES.get(2)),
                List.of(ADDRESSES.get(1), ADDRESSES.get(2)),
                List.of(ADDRESSES.get(2)),
                List.of(ADDRESSES.get(0), ADDRESSES.get(2)),
                List.of(ADDRESSES.get(0), ADDRESSES.get(1), ADDRESSES.get(2)),
                List.of(ADDRESSES.get(1)),
                List.of(ADDRESSES.get(0), ADDRESSES.get(1)));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ok = new AtomicLong();
        AtomicLong removed = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        try (MemcachedClient client = connect(lists.get(0), connections, Duration.ofSeconds(2))) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                Thread loader = new Thread(() -> {
                    int i = 0;
                    while (!stop.get()) {
                        List<CompletableFuture<?>> batch = new ArrayList<>();
                        for (int n = 0; n < 32; n++, i++) {
                            String key = "load:" + thread + ":" + (i % 500);
                            batch.add(i % 2 == 0 ? client.async().set(Item.of(key, "v".getBytes(UTF_8)))
                                    : client.async().get(key));
                        }
                        batch.add(client.async().getAll(List.of("load:0:1", "load:1:2", "load:2:3", "load:3:4")));
                        for (CompletableFuture<?> f : batch) {
                            try {
                                f.get(10, TimeUnit.SECONDS);
                                ok.incrementAndGet();
                            } catch (ExecutionException e) {
                                Throwable cause = MemcachedException.unwrap(e);
                                if (cause instanceof MemcachedConnectionException && cause.getMessage().contains("removed")) {
                                    removed.incrementAndGet();
                                } else {
                                    unexpected.add(cause);
                                }
                            } catch (TimeoutException e) {
                                unexpected.add(new AssertionError("a request hung for 10 s", e));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                    }
                }, "load-" + t);
                loader.start();
                threads.add(loader);
            }
            for (List<ServerAddress> list : lists.subList(1, lists.size())) {
                long before = ok.get();
                Await.until(WAIT, () -> ok.get() > before + 2_000, "load between two changes");
                client.updateServers(list);
            }
            long before = ok.get();
            Await.until(WAIT, () -> ok.get() > before + 2_000, "load after the last change");
            stop.set(true);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
                assertTrue(!t.isAlive(), t.getName() + " ended");
            }
            System.out.printf("under load: %d requests completed, %d refused because their server was removed, %d unexpected%n",
                    ok.get(), removed.get(), unexpected.size());
            assertTrue(unexpected.isEmpty(), "unexpected failures: " + unexpected.stream().limit(5).toList());
            Await.until(WAIT, () -> connections.up(ADDRESSES.get(2)) == 0, "the last removed server's connections closed");
            assertEquals(List.of(ADDRESSES.get(0), ADDRESSES.get(1)), client.servers());
        }
    }

    /**
     * Eight threads of blocking calls, carried over lanes, while a server is removed: every call
     * completes or fails saying its server was removed, and the removed server's connections and
     * lanes all close (its {@code curr_connections} is back to what it was before the client).
     */
    @Test
    void blockingCallersOverLanesCompleteOrFailClearlyAndARemovedServersLanesClose() throws Exception {
        Connections connections = new Connections();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ok = new AtomicLong();
        AtomicLong removed = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        try (MemcachedProcess leaving = MemcachedProcess.start();
             StatsProbe probe = StatsProbe.open(leaving.address())) {
            long before = probe.currConnections();
            try (MemcachedClient client = connect(List.of(ADDRESSES.get(0), leaving.address()), connections,
                    Duration.ofSeconds(2))) {
                Await.until(WAIT, () -> connections.up(leaving.address()) == 2, "connected");
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    Thread caller = new Thread(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            String key = "lanes:" + thread + ":" + (i % 200);
                            try {
                                if (i % 10 == 0) {
                                    client.set(Item.of(key, "v".getBytes(UTF_8)));
                                } else {
                                    client.get(key);
                                }
                                ok.incrementAndGet();
                            } catch (MemcachedConnectionException e) {
                                if (e.getMessage().contains("removed")) {
                                    removed.incrementAndGet();
                                } else {
                                    unexpected.add(e);
                                }
                            } catch (RuntimeException e) {
                                unexpected.add(e);
                            }
                        }
                    }, "blocking-" + t);
                    caller.start();
                    threads.add(caller);
                }
                Await.until(WAIT, () -> probe.currConnections() > before + 2, "lanes open to the server that leaves");
                long beforeChange = ok.get();
                Await.until(WAIT, () -> ok.get() > beforeChange + 2_000, "load before the change");
                client.updateServers(List.of(ADDRESSES.get(0)));
                long afterChange = ok.get();
                Await.until(WAIT, () -> ok.get() > afterChange + 2_000, "load after the change");
                stop.set(true);
                for (Thread t : threads) {
                    t.join(TimeUnit.SECONDS.toMillis(30));
                    assertTrue(!t.isAlive(), t.getName() + " ended");
                }
                System.out.printf("blocking callers: %d calls completed, %d refused because their server was removed%n",
                        ok.get(), removed.get());
                assertTrue(unexpected.isEmpty(), "unexpected failures: " + unexpected.stream().limit(5).toList());
                Await.until(WAIT, () -> connections.up(leaving.address()) == 0, "the removed server's connections closed");
                Await.until(WAIT, () -> probe.currConnections() == before,
                        "the removed server's lanes closed: " + probe.currConnections() + " connections, " + before + " before");
            }
        }
    }

    /** A removed server that stops answering: its requests in flight time out on time, then its connections close. */
    @Test
    void requestsInFlightToARemovedServerThatHangsTimeOut() {
        Connections connections = new Connections();
        try (MemcachedProcess hanging = MemcachedProcess.start();
             MemcachedClient client = connect(List.of(ADDRESSES.get(0), hanging.address()), connections,
                     Duration.ofMillis(500))) {
            Await.until(WAIT, () -> connections.up(hanging.address()) == 2, "connected");
            String key = keyOn(client, hanging.address());
            hanging.pause();
            CompletableFuture<Optional<Item>> inFlight = client.async().get(key);
            client.updateServers(List.of(ADDRESSES.get(0)));
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> inFlight.get(5, TimeUnit.SECONDS));
            assertInstanceOf(MemcachedTimeoutException.class, e.getCause());
            Await.until(WAIT, () -> connections.up(hanging.address()) == 0, "the removed server's connections closed");
            hanging.resume();
            client.set(Item.of(key, "kept".getBytes(UTF_8)));
            assertEquals("kept", new String(client.get(key).orElseThrow().value(), UTF_8), "the key goes to the server kept");
            assertEquals(List.of(ADDRESSES.get(0)), client.servers());
        }
    }

    /** A key the client sends to a given server now. */
    private static String keyOn(MemcachedClient client, ServerAddress server) {
        io.memcached4j.core.Ketama ketama = io.memcached4j.core.Ketama.of(client.servers());
        int index = client.servers().indexOf(server);
        for (int i = 0; ; i++) {
            if (ketama.nodeFor("k" + i) == index) {
                return "k" + i;
            }
        }
    }
}
