package io.memcached4j.benchmarks;

import io.memcached4j.ServerAddress;
import io.memcached4j.process.Await;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.process.MemcachedProcesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks that every adapter really talks to memcached (a harness that silently counted errors
 * would publish nonsense); a correctness check with tiny runs, never a performance assertion.
 */
class LoadClientsIT {
    private static final KeySpace KEYS = new KeySpace(200, 100);
    private static MemcachedProcess memcached;

    @BeforeAll
    static void startMemcached() {
        memcached = MemcachedProcess.start();
    }

    @AfterAll
    static void stopMemcached() {
        memcached.close();
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void eachClientStoresReadsAndMisses(ClientKind kind) throws Exception {
        try (LoadClient client = kind.open("127.0.0.1", memcached.port())) {
            KEYS.prefill(client);

            assertArrayEquals(KEYS.value(), client.get(KEYS.key(7)));
            assertNull(client.get("absent:" + kind.id()));
            assertEquals(100, client.getMulti(KEYS.randomWindow(100)));
            assertEquals(2, client.getMulti(List.of(KEYS.key(1), "absent:" + kind.id(), KEYS.key(2))));
            if (kind.supports(Workload.ASYNC) && kind != ClientKind.LIMIT && kind != ClientKind.LIMIT_META) {
                CompletableFuture<byte[]> hit = new CompletableFuture<>();
                client.getAsync(KEYS.key(3), (value, error) -> complete(hit, value, error));
                assertArrayEquals(KEYS.value(), hit.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void everyWorkloadCompletesOperationsWithoutMissesOrErrors(ClientKind kind) throws Exception {
        try (LoadClient client = kind.open("127.0.0.1", memcached.port())) {
            KEYS.prefill(client);
            double cpuNanos = 0;
            for (Workload workload : Workload.values()) {
                if (!kind.supports(workload)) {
                    continue;
                }
                Measurement m = runUntilOneCompletes(workload, client, KEYS);

                String what = kind.id() + " on " + workload.id() + ", first error: " + m.firstError();
                assertTrue(m.operations() > 0, what);
                assertEquals(0, m.errors(), what);
                assertEquals(0, m.misses(), what);
                assertEquals(workload.timesRoundTrips(), m.p99Nanos() > 0, what);
                assertTrue(m.cpuNanosPerOp() >= 0, what);
                cpuNanos += m.cpuNanosPerOp() * m.operations();
            }
            // The JVM counts process CPU time in 10 ms ticks (times(2) on Linux): one 100 ms window
            // on a busy machine may see none, the four together do.
            assertTrue(cpuNanos > 0, kind.id() + " used no CPU time in any workload");
        }
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void eachClientSpreadsItsKeysOverEveryServerAndReadsThemBack(ClientKind kind) throws Exception {
        try (MemcachedProcesses three = MemcachedProcesses.start(3);
             LoadClient client = kind.open(three.addresses(), ClientSettings.DEFAULTS)) {
            KEYS.prefill(client);

            for (MemcachedProcess server : three.processes()) {
                assertTrue(totalItems(server.address()) > 0, kind.id() + " stored nothing on " + server);
            }
            assertArrayEquals(KEYS.value(), client.get(KEYS.key(11)));
            assertEquals(100, client.getMulti(KEYS.randomWindow(100)));
            Measurement m = runUntilOneCompletes(GrowthWorkload.table("servers").get(1), client, KEYS);
            assertTrue(m.operations() > 0 && m.errors() == 0 && m.misses() == 0, kind.id() + ": " + m);
        }
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void eachClientStoresAndReadsValuesOfOneMebibyteFromAServerThatTakesThem(ClientKind kind) throws Exception {
        Scenario oneMebibyte = Scenario.byId("get-1m");
        KeySpace large = new KeySpace(3, oneMebibyte.valueSize());
        try (MemcachedProcess memcached = MemcachedProcess.builder()
                .arguments(oneMebibyte.servers().arguments().toArray(String[]::new)).start();
             LoadClient client = kind.open(List.of(memcached.address()), oneMebibyte.clientSettings())) {
            large.prefill(client);

            assertArrayEquals(large.value(), client.get(large.key(2)));
            assertEquals(3, client.getMulti(List.of(large.key(0), large.key(1), large.key(2))));
        }
    }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void aClientWithAConnectionSettingOpensThatManyConnections(ClientKind kind) throws Exception {
        Scenario eight = GrowthWorkload.table("connections").stream()
                .filter(w -> w.clientSettings().connectionsPerServer() == 8).findFirst().orElseThrow();
        assumeTrue(kind.supports(eight) && kind != ClientKind.LIMIT && kind != ClientKind.LIMIT_META, "no connection setting");
        try (MemcachedProcess memcached = MemcachedProcess.start();
             RawStats stats = new RawStats(memcached.port())) {
            // memcached counts a closed connection until it has closed its socket: the start's readiness
            // probe may still be counted, so wait until only this test's own stats connection is
            Await.until(Duration.ofSeconds(10), () -> stats.read("curr_connections") == 1,
                    "no connection but the stats one");
            long before = 1;
            // memcached4j also opens a lane (a connection no I/O thread reads) for each thread making
            // blocking calls at once, up to 8: the prefill's one thread of blocking sets takes one
            int lanes = kind == ClientKind.MEMCACHED4J || kind == ClientKind.MEMCACHED4J_METRICS
                    || kind == ClientKind.MEMCACHED4J_META ? 1 : 0;
            try (LoadClient client = kind.open(List.of(memcached.address()), eight.clientSettings())) {
                KEYS.prefill(client);

                long[] held = new long[1];
                try {
                    Await.until(Duration.ofSeconds(10), () -> (held[0] = stats.read("curr_connections") - before) == 8 + lanes,
                            kind.id() + " holding 8 connections" + (lanes == 0 ? "" : " and " + lanes + " lane"));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; it held " + held[0], e);
                }
            }
        }
    }

    @Test
    void theMetricsClientRecordsEveryRequestInItsRegistry() throws Exception {
        try (LoadClient client = ClientKind.MEMCACHED4J_METRICS.open("127.0.0.1", memcached.port())) {
            KEYS.prefill(client);
            client.get(KEYS.key(5));

            assertEquals(KEYS.size() + 1, ((Memcached4jClient) client).recordedRequests());
        }
    }

    @Test
    void theAwsForkRunsOnItsOwnClassLoaderBesideSpymemcached() throws Exception {
        try (LoadClient aws = ClientKind.AWS_SPYMEMCACHED.open("127.0.0.1", memcached.port());
             LoadClient spy = ClientKind.SPYMEMCACHED.open("127.0.0.1", memcached.port())) {
            ClassLoader forks = aws.getClass().getClassLoader();

            assertEquals("aws-spymemcached", forks.getName());
            assertEquals(forks, forks.loadClass("net.spy.memcached.ClientMode").getClassLoader(),
                    "the fork's own class (static and dynamic client modes) loads there");
            assertEquals(forks, forks.loadClass("net.spy.memcached.MemcachedClient").getClassLoader());
            assertThrows(ClassNotFoundException.class, () -> Class.forName("net.spy.memcached.ClientMode"),
                    "spymemcached 2.12.3 stays on the class path without the fork's classes");
            assertEquals(LoadClientsIT.class.getClassLoader(), spy.getClass().getClassLoader());
        }
    }

    /**
     * Runs the workload for 100 ms, again while no operation completed and nothing failed (a busy
     * machine may not run the client at all in 100 ms), for 10 s at most.
     */
    private static Measurement runUntilOneCompletes(Scenario workload, LoadClient client, KeySpace keys)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Measurement m = workload.run(client, keys, Duration.ZERO, Duration.ofMillis(100));
        while (m.operations() == 0 && m.errors() == 0 && m.misses() == 0 && System.nanoTime() < deadline) {
            m = workload.run(client, keys, Duration.ZERO, Duration.ofMillis(100));
        }
        return m;
    }

    private static long totalItems(ServerAddress server) throws IOException {
        try (RawStats stats = new RawStats(server.port())) {
            return stats.read("total_items");
        }
    }

    /**
     * Reads memcached's stats over one plain socket kept open, so that the reader itself always
     * counts as exactly one connection (a client's reconnect under load would count twice).
     */
    private static final class RawStats implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;

        RawStats(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        }

        long read(String name) {
            try {
                socket.getOutputStream().write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
                long value = -1;
                for (String line = in.readLine(); !"END".equals(line); line = in.readLine()) {
                    if (line == null) {
                        throw new IOException("memcached closed the stats connection");
                    }
                    if (line.startsWith("STAT " + name + " ")) {
                        value = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
                return value;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void complete(CompletableFuture<byte[]> future, byte[] value, Throwable error) {
        if (error != null) {
            future.completeExceptionally(error);
        } else {
            future.complete(value);
        }
    }
}
