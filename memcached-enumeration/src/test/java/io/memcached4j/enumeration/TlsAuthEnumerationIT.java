package io.memcached4j.enumeration;

import io.memcached4j.Capabilities;
import io.memcached4j.ClientConfig;
import io.memcached4j.KeyInfo;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.TlsConfig;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.testkit.tls.TlsMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key enumeration and capability detection over TLS with a login, against real memcached
 * ({@code -Z -Y}): their line connections ({@code lru_crawler metadump}) make the same handshake
 * and login as the client's.
 */
class TlsAuthEnumerationIT {
    @TempDir
    Path dir;

    @Test
    void enumeratesAndDetectsOverTlsWithALogin() throws Exception {
        TlsMaterial tls = TlsMaterial.builder().directory(dir).build();
        Path auth = Files.writeString(dir.resolve("auth"), "dumper:Dump-Pass-9\n");
        List<String> args = new ArrayList<>(tls.memcachedArgumentsVerifyingClients(2));
        args.addAll(List.of("-Y", auth.toString()));
        try (MemcachedProcess memcached = MemcachedProcess.builder().arguments(args.toArray(String[]::new)).start();
             MemcachedClient client = Memcached.connect(ClientConfig.builder().servers(List.of(memcached.address()))
                     .operationTimeout(Duration.ofSeconds(10)).connectTimeout(Duration.ofSeconds(10))
                     .tls(TlsConfig.builder().sslContext(tls.clientSslContext()).build())
                     .credentials("dumper", "Dump-Pass-9").build())) {
            for (int i = 0; i < 300; i++) {
                client.set("tls:" + i, "v".getBytes(UTF_8), 0, 0);
            }
            List<KeyInfo> all = Memcached.keyEnumerator(client).enumerateAll();
            Set<String> keys = all.stream().map(KeyInfo::key).collect(Collectors.toSet());
            assertEquals(300, keys.size(), keys.toString());
            assertTrue(keys.contains("tls:299"));

            Capabilities c = Memcached.capabilityDetector(client).detect().get(memcached.address());
            assertEquals("1.6.18", c.rawVersion());
            assertTrue(c.metadump(), c.toString());
            assertTrue(c.metaCommands(), c.toString());
            Memcached.capabilityDetector(client).verify();
        }
    }
}
