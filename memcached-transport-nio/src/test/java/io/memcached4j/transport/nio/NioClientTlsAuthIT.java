package io.memcached4j.transport.nio;

import io.memcached4j.TlsConfig;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.testkit.tls.TlsMaterial;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of {@link NioClientIT}, sync and async, over TLS with a login, with real memcached
 * ({@code -Z} and {@code -Y}): every connection, the line connections included, logs in.
 */
class NioClientTlsAuthIT extends NioClientIT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        TlsMaterial tls = TlsMaterial.builder().directory(dir).build();
        Path auth;
        try {
            auth = Files.writeString(dir.resolve("auth"), "app:Secret-123\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(tls.memcachedArguments());
        args.addAll(List.of("-Y", auth.toString()));
        TlsConfig config = TlsConfig.builder().trustStore(tls.trustStore()).build();
        startWith(MemcachedProcess.builder().arguments(args.toArray(String[]::new)),
                b -> b.tls(config).connectTimeout(Duration.ofSeconds(10)).credentials("app", "Secret-123"));
    }
    @Test
    void theSessionRunsOverTlsWithALogin() {
        Map<String, String> settings = client.stats("settings").get(memcached.address());
        assertEquals("yes", settings.get("ssl_enabled"));
        assertTrue(settings.get("auth_enabled_ascii").endsWith("auth"), settings.toString());
        assertTrue(Long.parseLong(client.stats().get(memcached.address()).get("auth_cmds")) >= 1);
    }
}
