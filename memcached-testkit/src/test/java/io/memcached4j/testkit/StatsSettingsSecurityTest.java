package io.memcached4j.testkit;

import io.memcached4j.ClientConfig;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.testkit.tls.TlsMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code stats settings} of a fake that requires TLS and a login, read through the in-memory
 * transport (which skips both); {@code FakeTlsAuthDifferentialIT} compares the same fields with
 * memcached's.
 */
class StatsSettingsSecurityTest {
    private static Map<String, String> settings(FakeMemcached fake) {
        try (MemcachedClient client = Memcached.connect(
                ClientConfig.builder().servers(fake.address().toString()).transport("inmem").build())) {
            return client.stats("settings").get(fake.address());
        }
    }

    @Test
    void tlsAndUsersGivenInCodeHaveNoFileNames() {
        TlsMaterial tls = TlsMaterial.builder().build();
        try (FakeMemcached fake = FakeMemcached.builder().tls(tls.serverSslContext()).sslVerifyMode(2)
                .users(Map.of("app", "pw")).start()) {
            Map<String, String> settings = settings(fake);

            assertEquals("yes", settings.get("ssl_enabled"));
            assertEquals("(null)", settings.get("ssl_chain_cert"));
            assertEquals("(null)", settings.get("ssl_key"));
            assertEquals("NULL", settings.get("ssl_ca_cert"));
            assertEquals("3", settings.get("ssl_verify_mode"));
            assertEquals("yes", settings.get("auth_enabled_ascii"));
            assertEquals("ascii", settings.get("binding_protocol"));
        }
    }

    @Test
    void tlsAndAuthFilesAreNamedAsGiven(@TempDir Path dir) throws Exception {
        TlsMaterial tls = TlsMaterial.builder().directory(dir).build();
        Path auth = Files.writeString(dir.resolve("auth"), "app:pw\n");
        try (FakeMemcached fake = FakeMemcached.builder().tls(tls.serverChain(), tls.serverKey(), tls.caCertificate())
                .sslVerifyMode(1).authFile(auth).start()) {
            Map<String, String> settings = settings(fake);

            assertEquals("yes", settings.get("ssl_enabled"));
            assertEquals(tls.serverChain().toString(), settings.get("ssl_chain_cert"));
            assertEquals(tls.serverKey().toString(), settings.get("ssl_key"));
            assertEquals(tls.caCertificate().toString(), settings.get("ssl_ca_cert"));
            assertEquals("1", settings.get("ssl_verify_mode"));
            assertEquals(auth.toString(), settings.get("auth_enabled_ascii"));
        }
    }

    @Test
    void aPlainFakeReportsNeither() {
        try (FakeMemcached fake = FakeMemcached.start()) {
            Map<String, String> settings = settings(fake);

            assertEquals("no", settings.get("ssl_enabled"));
            assertEquals("0", settings.get("ssl_verify_mode"));
            assertEquals("no", settings.get("auth_enabled_ascii"));
            assertEquals("auto-negotiate", settings.get("binding_protocol"));
        }
    }
}
