package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.LineConnection;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedAuthenticationException;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedException;
import io.memcached4j.TlsConfig;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.tls.TlsMaterial;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client over TLS with a login against the fake, which requires both as memcached {@code -Z -Y} does. */
class FakeTlsAuthTest {
    private static final TlsMaterial TLS = TlsMaterial.builder().build();

    private static ClientConfig.Builder config(FakeMemcached fake) {
        return ClientConfig.builder().servers(List.of(fake.address())).transport("nio")
                .operationTimeout(Duration.ofSeconds(10)).connectTimeout(Duration.ofSeconds(10));
    }

    @Test
    void aClientWithTlsAndTheRightPasswordIsServed() {
        try (FakeMemcached fake = FakeMemcached.builder().tls(TLS.serverSslContext()).users(Map.of("app", "pw-1")).start();
             MemcachedClient client = Memcached.connect(config(fake)
                     .tls(TlsConfig.builder().sslContext(TLS.clientSslContextWithoutCertificate()).build())
                     .credentials("app", "pw-1").build())) {
            byte[] big = new byte[100_000];
            client.set(Item.of("big", big));
            assertEquals(big.length, client.get("big").orElseThrow().value().length);
            assertEquals(big.length, client.async().get("big").join().orElseThrow().value().length);
            try (LineConnection line = client.openLineConnection(fake.address())) {
                line.sendLine("version");
                assertEquals("VERSION 1.6.18", line.readLine(Duration.ofSeconds(5)));
            }
        }
    }

    @Test
    void aWrongPasswordIsATypedErrorAndAClientWithoutACertificateIsToldSo() {
        try (FakeMemcached fake = FakeMemcached.builder().tls(TLS.serverSslContext()).users(Map.of("app", "pw-1")).start();
             MemcachedClient client = Memcached.connect(config(fake)
                     .tls(TlsConfig.builder().sslContext(TLS.clientSslContextWithoutCertificate()).build())
                     .credentials("app", "wrong").build())) {
            MemcachedAuthenticationException e = assertThrows(MemcachedAuthenticationException.class, () -> client.get("k"));
            assertTrue(e.getMessage().contains(fake.address() + " refused the login of user 'app'"), e.getMessage());
        }
        try (FakeMemcached fake = FakeMemcached.builder().tls(TLS.serverSslContext()).sslVerifyMode(2).start();
             MemcachedClient client = Memcached.connect(config(fake)
                     .tls(TlsConfig.builder().sslContext(TLS.clientSslContextWithoutCertificate()).build()).build())) {
            MemcachedException e = assertThrows(MemcachedException.class, () -> client.get("k"));
            assertTrue(e.getMessage().contains("client certificate"), e.getMessage());
        }
        try (FakeMemcached fake = FakeMemcached.builder().tls(TLS.serverSslContext()).sslVerifyMode(2).start();
             MemcachedClient client = Memcached.connect(config(fake)
                     .tls(TlsConfig.builder().sslContext(TLS.clientSslContext()).build()).build())) {
            client.set(Item.of("m", "tls".getBytes(UTF_8)));
            assertEquals("tls", new String(client.get("m").orElseThrow().value(), UTF_8));
        }
    }
}
