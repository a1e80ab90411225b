package io.memcached4j.transport.nio;

import io.memcached4j.TlsConfig;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.testkit.tls.TlsMaterial;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every operation of {@link NioClientIT}, sync and async, over mutual TLS with real memcached ({@code -Z}, {@code ssl_verify_mode=2}). */
class NioClientTlsIT extends NioClientIT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        TlsMaterial tls = TlsMaterial.builder().directory(dir).build();
        TlsConfig config = TlsConfig.builder().sslContext(tls.clientSslContext()).build();
        startWith(MemcachedProcess.builder().arguments(tls.memcachedArgumentsVerifyingClients(2).toArray(String[]::new)),
                b -> b.tls(config).connectTimeout(Duration.ofSeconds(10)));
    }
    @Test
    void theSessionRunsOverMutualTls() {
        Map<String, String> settings = client.stats("settings").get(memcached.address());
        assertEquals("yes", settings.get("ssl_enabled"));
        assertEquals("3", settings.get("ssl_verify_mode"), "mode 2 is OpenSSL's VERIFY_PEER | FAIL_IF_NO_PEER_CERT");
    }
}
