package io.memcached4j.transport.nio;

import io.memcached4j.AsyncMemcachedClient;
import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;
import io.memcached4j.process.Await;
import io.memcached4j.process.MemcachedProcess;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults against real memcached processes (and one garbage-speaking server). */
class FaultsIT {

    static ClientConfig.Builder config(ServerAddress... servers) {
        return ClientConfig.builder().servers(List.of(servers)).transport("nio");
    }


    /** Waits until the client's connections are up (a TLS handshake may outlast a short operation timeout). */
    private static void awaitReady(MemcachedClient client) {
        Await.until(Duration.ofSeconds(10), () -> {
            try {
                client.ping();
                return true;
            } catch (MemcachedException e) {
                return false;
            }
        }, "the client connects");
    }

    @Test
    void killAndRestartUnderLoad() throws Exception {
        killAndRestartUnderLoad(MemcachedProcess.builder(), b -> b, Duration.ofSeconds(2));
    }

    /**
     * Kills memcached under asynchronous load and restarts it; also run over TLS by {@link TlsFaultsIT}.
     *
     * @param server the memcached to start
     * @param security what to add to the client's configuration (TLS, a login)
     * @param resumeWithin how soon after the restart traffic must flow again
     */
    static void killAndRestartUnderLoad(MemcachedProcess.Builder server, UnaryOperator<ClientConfig.Builder> security,
                                        Duration resumeWithin) throws Exception {
        try (MemcachedProcess memcached = server.start();
             MemcachedClient client = Memcached.connect(security.apply(config(memcached.address()))
                     .operationTimeout(Duration.ofSeconds(2))
                     .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(400)).build())) {
            AsyncMemcachedClient async = client.async();
            awaitReady(client);
            client.set(Item.of("steady", "value".getBytes(UTF_8)));
            AtomicLong issued = new AtomicLong();
            AtomicLong completed = new AtomicLong();
            AtomicLong successes = new AtomicLong();
            AtomicLong connectionFailures = new AtomicLong();
            AtomicLong otherFailures = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread thread = new Thread(() -> {
                    Semaphore window = new Semaphore(64);
                    while (running.get()) {
                        if (!window.tryAcquire()) {
                            Thread.onSpinWait();
                            continue;
                        }
                        issued.incrementAndGet();
                        async.get("steady").whenComplete((value, error) -> {
                            if (error == null) {
                                successes.incrementAndGet();
                            } else if (error instanceof MemcachedConnectionException) {
                                connectionFailures.incrementAndGet();
                            } else {
                                otherFailures.incrementAndGet();
                            }
                            completed.incrementAndGet();
                            window.release();
                        });
                    }
                }, "load-" + t);
                thread.start();
                load.add(thread);
            }
            Await.until(Duration.ofSeconds(5), () -> successes.get() > 1_000, "traffic flows");

            memcached.kill();
            Await.until(Duration.ofSeconds(2), () -> connectionFailures.get() > 100,
                    "requests to the dead server fail with MemcachedConnectionException");
            long before = System.nanoTime();
            assertThrows(MemcachedConnectionException.class, () -> client.get("steady"),
                    "new requests fail fast while the server is down");
            assertTrue(System.nanoTime() - before < client.config().operationTimeout().toNanos(),
                    "failing fast means not waiting for the operation timeout");

            memcached.restart();
            long afterRestart = successes.get();
            Await.until(resumeWithin, () -> successes.get() > afterRestart + 1_000,
                    "traffic resumes within " + resumeWithin + " of the restart");

            running.set(false);
            for (Thread thread : load) {
                thread.join(5_000);
            }
            Await.until(Duration.ofSeconds(5), () -> completed.get() == issued.get(),
                    "every future completes: issued " + issued + ", completed " + completed);
            assertEquals(issued.get(), successes.get() + connectionFailures.get() + otherFailures.get());
        }
    }

    @Test
    void pauseLongerThanTheTimeoutThenResume() throws Exception {
        pauseLongerThanTheTimeoutThenResume(MemcachedProcess.builder(), b -> b);
    }

    /**
     * Pauses memcached past the operation timeout, then resumes it; also run over TLS by {@link TlsFaultsIT}.
     *
     * @param server the memcached to start
     * @param security what to add to the client's configuration (TLS, a login)
     */
    static void pauseLongerThanTheTimeoutThenResume(MemcachedProcess.Builder server,
                                                    UnaryOperator<ClientConfig.Builder> security) throws Exception {
        try (MemcachedProcess memcached = server.start();
             MemcachedClient client = Memcached.connect(security.apply(config(memcached.address()))
                     .operationTimeout(Duration.ofMillis(500)).build())) {
            awaitReady(client);
            client.set(Item.of("k1", "v1".getBytes(UTF_8)));
            client.set(Item.of("k2", "v2".getBytes(UTF_8)));
            memcached.pause();
            try {
                CompletableFuture<Optional<Item>> pending = client.async().get("k1");
                assertThrows(MemcachedTimeoutException.class, () -> client.get("k1"));
                assertInstanceOf(MemcachedTimeoutException.class, Conditions.failure(pending));
                assertThrows(MemcachedTimeoutException.class, () -> client.set(Item.of("k1", "lost".getBytes(UTF_8))));
            } finally {
                memcached.resume();
            }
            // the replies to the timed-out requests arrive now and must not be taken for later ones
            assertArrayEquals("v2".getBytes(UTF_8), client.get("k2").orElseThrow().value());
            assertArrayEquals("lost".getBytes(UTF_8), client.get("k1").orElseThrow().value(),
                    "a timed-out set is still carried out once the server runs again");
            for (int i = 0; i < 100; i++) {
                assertArrayEquals("v2".getBytes(UTF_8), client.async().get("k2").get(5, TimeUnit.SECONDS).orElseThrow().value());
            }
            client.ping();
        }
    }

    @Test
    void backpressureBoundsRequestsInFlight() throws Exception {
        backpressureBoundsRequestsInFlight(MemcachedProcess.builder(), b -> b);
    }

    /**
     * Bounds the requests in flight while memcached is paused; also run over TLS by {@link TlsFaultsIT}.
     *
     * @param server the memcached to start
     * @param security what to add to the client's configuration (TLS, a login)
     */
    static void backpressureBoundsRequestsInFlight(MemcachedProcess.Builder server,
                                                   UnaryOperator<ClientConfig.Builder> security) throws Exception {
        try (MemcachedProcess memcached = server.start();
             MemcachedClient client = Memcached.connect(security.apply(config(memcached.address())).connectionsPerServer(1)
                     .maxRequestsInFlight(4).operationTimeout(Duration.ofMillis(500)).build())) {
            awaitReady(client);
            client.ping();
            memcached.pause();
            try {
                List<CompletableFuture<Optional<Item>>> accepted = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    accepted.add(client.async().get("bp" + i));
                }
                CompletableFuture<Optional<Item>> refused = client.async().get("bp4");
                assertTrue(refused.isCompletedExceptionally(), "an async caller past the bound fails at once");
                MemcachedException e = assertInstanceOf(MemcachedException.class, Conditions.failure(refused));
                assertTrue(e.getMessage().contains("in flight"), e.getMessage());
                assertThrows(MemcachedTimeoutException.class, () -> client.get("bp5"),
                        "a blocking caller waits for a slot up to its timeout");
                for (CompletableFuture<Optional<Item>> f : accepted) {
                    assertInstanceOf(MemcachedTimeoutException.class, Conditions.failure(f));
                }
            } finally {
                memcached.resume();
            }
            Await.until(Duration.ofSeconds(5), () -> {
                try {
                    client.ping();
                    return true;
                } catch (MemcachedException e) {
                    return false;
                }
            }, "the client works again after resume");
            client.set(Item.of("after", "ok".getBytes(UTF_8)));
            assertArrayEquals("ok".getBytes(UTF_8), client.get("after").orElseThrow().value());
        }
    }

    @Test
    void garbageRepliesFailWithProtocolExceptionThenTheConnectionIsReplaced() throws Exception {
        try (GarbageServer server = new GarbageServer();
             MemcachedClient client = Memcached.connect(config(server.address()).connectionsPerServer(1).build())) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> client.get("anything"));
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
            Await.until(Duration.ofSeconds(3), () -> {
                try {
                    return client.get("anything").isEmpty();
                } catch (MemcachedConnectionException down) {
                    return false; // the connection that never answered properly is replaced after a backoff
                }
            }, "a new connection answers properly");
            assertEquals("9.9.9", client.version().get(server.address()));
            assertEquals(2, server.connections.get(), "the bad connection was replaced once");
        }
    }

    @Test
    void aServerThatIsDownFailsFastAndTheClientConnectsWhenItComesUp() throws Exception {
        MemcachedProcess probe = MemcachedProcess.start();
        int port = probe.port();
        probe.close();
        ServerAddress address = new ServerAddress("127.0.0.1", port);
        try (MemcachedClient client = Memcached.connect(config(address)
                .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200)).build())) {
            assertThrows(MemcachedConnectionException.class, () -> client.get("k"));
            Await.until(Duration.ofSeconds(2), () -> {
                try {
                    client.get("k");
                    return false;
                } catch (MemcachedConnectionException e) {
                    return e.getMessage().contains("down");
                }
            }, "requests are refused at once while the server is down");
            try (MemcachedProcess memcached = MemcachedProcess.builder().port(port).start()) {
                Await.until(Duration.ofSeconds(3), () -> {
                    try {
                        return client.get("k").isEmpty();
                    } catch (MemcachedConnectionException e) {
                        return false;
                    }
                }, "the client connects by itself once the server is up (" + memcached + ")");
            }
        }
    }

    @Test
    void aConnectAttemptThatHangsFailsAfterTheConnectTimeout() throws Exception {
        // a listening socket whose accept queue is full: the kernel drops further SYNs, so connecting hangs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket first = new Socket(full.getInetAddress(), full.getLocalPort());
             Socket second = new Socket(full.getInetAddress(), full.getLocalPort());
             MemcachedClient client = Memcached.connect(config(new ServerAddress("127.0.0.1", full.getLocalPort()))
                     .connectTimeout(Duration.ofMillis(200)).operationTimeout(Duration.ofSeconds(10))
                     .reconnectDelay(Duration.ofSeconds(5), Duration.ofSeconds(5)).build())) {
            assertTrue(first.isConnected() && second.isConnected());
            long start = System.nanoTime();
            MemcachedConnectionException e = assertThrows(MemcachedConnectionException.class, () -> client.get("k"));
            assertTrue(e.getMessage().contains("connect timed out"), e.getMessage());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "failed by the connect timeout, not the operation timeout");
            assertThrows(MemcachedConnectionException.class, () -> client.get("k"), "down until the next attempt");
        }
    }

    @Test
    void closeFailsPendingRequestsAndLeavesNoThreadBehind() throws Exception {
        Set<String> before = threadNames();
        try (MemcachedProcess memcached = MemcachedProcess.start()) {
            MemcachedClient client = Memcached.connect(config(memcached.address())
                    .ioThreads(2).connectionsPerServer(3).operationTimeout(Duration.ofSeconds(5)).build());
            client.set(Item.of("k", "v".getBytes(UTF_8)));
            assertTrue(threadNames().stream().anyMatch(n -> n.startsWith("memcached4j-nio-")));
            memcached.pause();
            try {
                CompletableFuture<Optional<Item>> pending = client.async().get("k");
                client.close();
                assertInstanceOf(MemcachedConnectionException.class, Conditions.failure(pending));
                client.close();
                assertInstanceOf(MemcachedConnectionException.class, Conditions.failure(client.async().get("k")));
            } finally {
                memcached.resume();
            }
        }
        Await.until(Duration.ofSeconds(5), () -> before.containsAll(threadNames()),
                "no thread left behind; new threads: " + threadNames().stream()
                        .filter(n -> !before.contains(n)).collect(Collectors.toList()));
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).collect(Collectors.toSet());
    }

    /** Answers the first connection with garbage and later ones like a tiny memcached. */
    private static final class GarbageServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        final List<Thread> threads = new ArrayList<>();
        final List<Socket> accepted = new ArrayList<>();

        GarbageServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "garbage-server");
            acceptor.start();
            threads.add(acceptor);
        }

        ServerAddress address() {
            return new ServerAddress("127.0.0.1", socket.getLocalPort());
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = socket.accept();
                    boolean garbage = connections.incrementAndGet() == 1;
                    Thread t = new Thread(() -> serve(s, garbage), "garbage-conn");
                    synchronized (threads) {
                        accepted.add(s);
                        threads.add(t);
                    }
                    t.start();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private static void serve(Socket s, boolean garbage) {
            try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))) {
                OutputStream out = s.getOutputStream();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String reply = garbage ? "HTTP/1.1 400 Bad Request\r\n"
                            : line.startsWith("version") ? "VERSION 9.9.9\r\n" : "END\r\n";
                    out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException closed) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (threads) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
            for (Thread t : threads) {
                try {
                    t.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
