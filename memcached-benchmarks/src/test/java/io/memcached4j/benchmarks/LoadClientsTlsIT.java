package io.memcached4j.benchmarks;

import io.memcached4j.process.MemcachedProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TLS variant of {@link LoadClientsIT}: every adapter that has TLS talks to a memcached started
 * with {@code -Z} by {@link LoadTls#startServer} (which requires TLS on every connection, so an
 * adapter that forgot it would fail here), trusting the CA from its PEM file as a run's JVM does.
 */
class LoadClientsTlsIT {
    private static final KeySpace KEYS = new KeySpace(200, 100);
    private static LoadTls.Server server;
    private static LoadTls tls;

    @BeforeAll
    static void startMemcached() throws IOException {
        server = LoadTls.startServer(2, 64);
        tls = LoadTls.trusting(server.caCertificate());
    }

    @AfterAll
    static void stopMemcached() {
        server.close();
        assertFalse(Files.exists(server.directory()), "the certificates and keys are deleted");
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"MEMCACHED4J", "MEMCACHED4J_METRICS", "MEMCACHED4J_META", "FOLSOM", "LIMIT", "LIMIT_META",
            "AWS_SPYMEMCACHED"})
    void eachTlsClientStoresReadsAndMissesOverTls(ClientKind kind) throws Exception {
        assertTrue(kind.supportsTls());
        try (LoadClient client = kind.open(List.of(server.memcached().address()), ClientSettings.DEFAULTS, tls)) {
            LoadTls.awaitFirstStore(client, KEYS);
            KEYS.prefill(client);

            assertArrayEquals(KEYS.value(), client.get(KEYS.key(7)));
            assertNull(client.get("absent:" + kind.id()));
            assertEquals(100, client.getMulti(KEYS.randomWindow(100)));
            assertEquals(2, client.getMulti(List.of(KEYS.key(1), "absent:" + kind.id(), KEYS.key(2))));
            if (kind != ClientKind.LIMIT && kind != ClientKind.LIMIT_META) {
                CompletableFuture<byte[]> hit = new CompletableFuture<>();
                client.getAsync(KEYS.key(3), (value, error) -> {
                    if (error != null) {
                        hit.completeExceptionally(error);
                    } else {
                        hit.complete(value);
                    }
                });
                assertArrayEquals(KEYS.value(), hit.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"MEMCACHED4J", "MEMCACHED4J_METRICS", "MEMCACHED4J_META", "FOLSOM", "LIMIT", "LIMIT_META",
            "AWS_SPYMEMCACHED"})
    void everyWorkloadCompletesOverTlsWithoutMissesOrErrors(ClientKind kind) throws Exception {
        try (LoadClient client = kind.open(List.of(server.memcached().address()), ClientSettings.DEFAULTS, tls)) {
            LoadTls.awaitFirstStore(client, KEYS);
            KEYS.prefill(client);
            for (Workload workload : Workload.values()) {
                // a loaded machine can hold a cold JVM's first TLS replies past a short window: run
                // it again until one counts operations; no run may see an error or a miss
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                Measurement m;
                do {
                    m = workload.run(client, KEYS, Duration.ZERO, Duration.ofMillis(100));
                    String what = kind.id() + " on " + workload.id() + " over TLS, first error: " + m.firstError();
                    assertEquals(0, m.errors(), what);
                    assertEquals(0, m.misses(), what);
                } while (m.operations() == 0 && System.nanoTime() < deadline);
                assertTrue(m.operations() > 0, kind.id() + " on " + workload.id() + " over TLS counted no operation");
            }
        }
    }

    @Test
    void aPlainLimitConnectionGetsNoAnswerFromTheTlsServer() {
        // the check above would mean nothing if the server answered plain text too
        assertThrows(Exception.class, () -> {
            try (LoadClient client = ClientKind.LIMIT.open("127.0.0.1", server.memcached().port())) {
                client.get(KEYS.key(1));
            }
        });
    }

    @ParameterizedTest
    @EnumSource(value = ClientKind.class, names = {"SPYMEMCACHED", "XMEMCACHED"})
    void clientsWithoutTlsAreRefusedBeforeConnecting(ClientKind kind) {
        assertFalse(kind.supportsTls());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kind.open(List.of(server.memcached().address()), ClientSettings.DEFAULTS, tls));
        assertEquals(kind.id() + " has no TLS", e.getMessage());
    }
}
