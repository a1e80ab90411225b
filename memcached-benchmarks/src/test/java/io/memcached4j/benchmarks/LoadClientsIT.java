package io.memcached4j.benchmarks;

import io.memcached4j.process.MemcachedProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            for (Workload workload : Workload.values()) {
                if (!kind.supports(workload)) {
                    continue;
                }
                Workload.Measurement m = workload.run(client, KEYS, Duration.ZERO, Duration.ofMillis(100));

                String what = kind.id() + " on " + workload.id() + ", first error: " + m.firstError();
                assertTrue(m.operations() > 0, what);
                assertEquals(0, m.errors(), what);
                assertEquals(0, m.misses(), what);
                assertEquals(workload.timesRoundTrips(), m.p99Nanos() > 0, what);
                assertTrue(m.cpuNanosPerOp() > 0, what);
            }
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
