package io.memcached4j.transport.nio;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.memcached4j.process.Await;
import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.LineConnection;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedAuthenticationException;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.TlsConfig;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.testkit.tls.TlsMaterial;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS and text-protocol authentication against real memcached 1.6.18 ({@code -Z}, mutual TLS,
 * {@code -Y}), and the usual mistakes, each failing fast with a message that says what is wrong.
 */
class TlsAuthIT {
    private static final String PASSWORD = "s3cret-Pa55";
    /**
     * Under the operation timeout: a mistake must be reported as what it is before a request would
     * time out. Generous, since the machine may be loaded; the messages are what tell the cases apart.
     */
    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    private static TlsMaterial tls;

    @BeforeAll
    static void certificates() {
        tls = TlsMaterial.builder().directory(dir.resolve("good")).build();
    }

    private static ClientConfig.Builder config(MemcachedProcess memcached) {
        return ClientConfig.builder().servers(List.of(memcached.address())).transport("nio")
                .operationTimeout(OPERATION_TIMEOUT).connectTimeout(Duration.ofSeconds(10));
    }

    private static TlsConfig trusting(SSLContext context) {
        return TlsConfig.builder().sslContext(context).build();
    }

    private static MemcachedProcess tlsServer(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return MemcachedProcess.builder().arguments(all.toArray(String[]::new)).start();
    }

    private static Path authFile() throws IOException {
        Path file = dir.resolve("auth");
        Files.writeString(file, "alice:" + PASSWORD + "\nbob:other\n");
        return file;
    }

    @Test
    void everyKindOfRequestWorksOverTls() throws Exception {
        try (MemcachedProcess memcached = tlsServer(tls.memcachedArguments());
             MemcachedClient client = Memcached.connect(config(memcached).tls(trusting(tls.clientSslContextWithoutCertificate())).build())) {
            client.set(Item.of("k", "v".getBytes(UTF_8)));
            assertEquals("v", new String(client.get("k").orElseThrow().value(), UTF_8));
            assertEquals("v", new String(client.async().get("k").get(5, TimeUnit.SECONDS).orElseThrow().value(), UTF_8));
            // a value larger than a TLS record, both ways
            byte[] big = new byte[200_000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) i;
            }
            client.set(Item.of("big", big));
            assertTrue(java.util.Arrays.equals(big, client.get("big").orElseThrow().value()));
            try (LineConnection line = client.openLineConnection(memcached.address())) {
                line.sendLine("version");
                assertEquals("VERSION 1.6.18", line.readLine(Duration.ofSeconds(5)));
            }
        }
    }

    @Test
    void mutualTlsNeedsTheClientsCertificate() throws Exception {
        try (MemcachedProcess memcached = tlsServer(tls.memcachedArgumentsVerifyingClients(2))) {
            try (MemcachedClient client = Memcached.connect(config(memcached)
                    .tls(TlsConfig.builder().trustStore(tls.trustStore()).keyStore(tls.clientKeyStore(), tls.keyStorePassword()).build())
                    .build())) {
                client.set(Item.of("m", "tls".getBytes(UTF_8)));
                assertEquals("tls", new String(client.get("m").orElseThrow().value(), UTF_8));
                try (LineConnection line = client.openLineConnection(memcached.address())) {
                    line.sendLine("version");
                    assertEquals("VERSION 1.6.18", line.readLine(Duration.ofSeconds(5)));
                }
            }
            try (MemcachedClient client = Memcached.connect(config(memcached)
                    .tls(trusting(tls.clientSslContextWithoutCertificate())).build())) {
                MemcachedException e = failsFast(() -> client.get("m"));
                assertTrue(e.getMessage().contains("client certificate"), e.getMessage());
            }
        }
    }

    @Test
    void authenticatesEachConnectionBeforeItsRequests() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.builder().arguments("-Y", authFile().toString()).start();
             MemcachedClient client = Memcached.connect(config(memcached).connectionsPerServer(2)
                     .credentials("alice", PASSWORD).build())) {
            for (int i = 0; i < 20; i++) {
                client.async().set(Item.of("a" + i, "x".getBytes(UTF_8)));
            }
            assertEquals("x", new String(client.get("a19").orElseThrow().value(), UTF_8));
            try (LineConnection line = client.openLineConnection(memcached.address())) {
                line.sendLine("version");
                assertEquals("VERSION 1.6.18", line.readLine(Duration.ofSeconds(5)));
            }
            // a restarted server sees new connections, which log in again
            memcached.restart();
            Await.until(Duration.ofSeconds(10), () -> {
                try {
                    client.set(Item.of("after", "y".getBytes(UTF_8)));
                    return true;
                } catch (MemcachedConnectionException e) {
                    return false;
                }
            }, "a set after the restart");
            assertEquals("y", new String(client.get("after").orElseThrow().value(), UTF_8));
            assertFalse(client.stats().get(memcached.address()).get("auth_cmds").equals("0"));
        }
    }

    @Test
    void aRefusedLoginIsTypedNamesTheServerAndIsNotRetriedInATightLoop() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        String wrong = "wrong-Pa55word";
        try (MemcachedProcess memcached = MemcachedProcess.builder().arguments("-Y", authFile().toString()).start();
             MemcachedClient admin = Memcached.connect(config(memcached).credentials("alice", PASSWORD).build())) {
            long start = System.nanoTime();
            MemcachedClient client = Memcached.connect(config(memcached).connectionsPerServer(1)
                     .reconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(5)).credentials("alice", wrong).build());
            MemcachedException e = failsFast(() -> client.get("k"));
            assertInstanceOf(MemcachedAuthenticationException.class, e);
            assertTrue(e.getMessage().contains(memcached.address().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("alice"), e.getMessage());
            assertTrue(e.getMessage().contains("CLIENT_ERROR authentication failure"), e.getMessage());
            // while it is down, requests fail at once with the same type
            assertThrows(MemcachedAuthenticationException.class, () -> client.get("k"));
            Await.until(Duration.ofSeconds(10),
                    () -> Long.parseLong(admin.stats().get(memcached.address()).get("auth_errors")) >= 3, "3 refused logins");
            // backoff: at least 200 ms before the second, 200 ms more before the third; a tight loop makes them at once
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(400),
                    "3 logins in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
            assertThrows(MemcachedAuthenticationException.class, () -> client.openLineConnection(memcached.address()));
            assertFalse(client.toString().contains(wrong));
            assertFalse(client.config().toString().contains(wrong), client.config().toString());
            assertFalse(admin.config().toString().contains(PASSWORD), admin.config().toString());
            client.close();
        } finally {
            root.detachAppender(logs);
        }
        assertFalse(logs.list.isEmpty());
        for (ILoggingEvent event : logs.list) {
            String text = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertFalse(text.contains(wrong) || text.contains(PASSWORD), text);
        }
    }

    @Test
    void aPlainClientToATlsServerIsToldTheServerRequiresTls() {
        try (MemcachedProcess memcached = tlsServer(tls.memcachedArguments());
             MemcachedClient client = Memcached.connect(config(memcached).build())) {
            MemcachedException e = failsFast(() -> client.get("k"));
            assertTrue(e.getMessage().contains("requires TLS"), e.getMessage());
            MemcachedException line = assertThrows(MemcachedException.class, () -> {
                try (LineConnection c = client.openLineConnection(memcached.address())) {
                    c.sendLine("version");
                    c.readLine(Duration.ofSeconds(5));
                }
            });
            assertTrue(line.getMessage().contains("requires TLS"), line.getMessage());
        }
    }

    @Test
    void aTlsClientToAPlainServerIsToldTheServerDoesNotSpeakTls() {
        try (MemcachedProcess memcached = MemcachedProcess.start();
             MemcachedClient client = Memcached.connect(config(memcached)
                     .tls(trusting(tls.clientSslContextWithoutCertificate())).build())) {
            MemcachedException e = failsFast(() -> client.get("k"));
            assertTrue(e.getMessage().contains("did not answer with TLS"), e.getMessage());
            MemcachedException line = assertThrows(MemcachedException.class, () -> client.openLineConnection(memcached.address()));
            assertTrue(line.getMessage().contains("did not answer with TLS"), line.getMessage());
        }
    }

    @Test
    void anUntrustedCertificateIsNamedAsSuch() {
        TlsMaterial other = TlsMaterial.builder().build();
        try (MemcachedProcess memcached = tlsServer(tls.memcachedArguments());
             MemcachedClient client = Memcached.connect(config(memcached)
                     .tls(trusting(other.clientSslContextWithoutCertificate())).build())) {
            MemcachedException e = failsFast(() -> client.get("k"));
            assertTrue(e.getMessage().contains("not trusted"), e.getMessage());
            MemcachedException line = assertThrows(MemcachedException.class, () -> client.openLineConnection(memcached.address()));
            assertTrue(line.getMessage().contains("not trusted"), line.getMessage());
        }
    }

    @Test
    void aCertificateForAnotherHostIsNamedAsSuch() {
        TlsMaterial elsewhere = TlsMaterial.builder().directory(dir.resolve("elsewhere")).serverNames("cache.example.com").build();
        try (MemcachedProcess memcached = tlsServer(elsewhere.memcachedArguments());
             MemcachedClient client = Memcached.connect(config(memcached)
                     .tls(trusting(elsewhere.clientSslContextWithoutCertificate())).build())) {
            MemcachedException e = failsFast(() -> client.get("k"));
            assertTrue(e.getMessage().contains("does not name 127.0.0.1"), e.getMessage());
        }
        // turned off, the same certificate is accepted
        try (MemcachedProcess memcached = tlsServer(elsewhere.memcachedArguments());
             MemcachedClient client = Memcached.connect(config(memcached)
                     .tls(TlsConfig.builder().sslContext(elsewhere.clientSslContextWithoutCertificate())
                             .hostnameVerification(false).build()).build())) {
            client.set(Item.of("k", "v".getBytes(UTF_8)));
        }
    }

    @Test
    void anExpiredCertificateIsNamedAsSuch() {
        Instant now = Instant.now();
        TlsMaterial expired = TlsMaterial.builder().directory(dir.resolve("expired"))
                .serverValidity(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))).build();
        try (MemcachedProcess memcached = tlsServer(expired.memcachedArguments());
             MemcachedClient client = Memcached.connect(config(memcached)
                     .tls(trusting(expired.clientSslContextWithoutCertificate())).build())) {
            MemcachedException e = failsFast(() -> client.get("k"));
            assertTrue(e.getMessage().contains("expired"), e.getMessage());
        }
    }

    /** Runs a request that must fail well before the operation timeout, and returns its failure. */
    private static MemcachedException failsFast(ThrowingRunnable request) {
        long start = System.nanoTime();
        MemcachedException e = assertThrows(MemcachedException.class, request::run);
        long took = System.nanoTime() - start;
        assertFalse(e instanceof io.memcached4j.MemcachedTimeoutException, e.toString());
        assertTrue(took < OPERATION_TIMEOUT.toNanos(), "failed only after " + TimeUnit.NANOSECONDS.toMillis(took) + " ms: " + e);
        return e;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws InterruptedException, ExecutionException;
    }
}
