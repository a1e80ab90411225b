package io.memcached4j.testkit.junit;

import io.memcached4j.ClientConfig;
import io.memcached4j.ServerAddress;
import io.memcached4j.process.RawTextSession;
import io.memcached4j.testkit.tls.TlsMaterial;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code @WithFakeMemcached(tls = true)}: the fake requires TLS with a certificate made for the test, and the injected configuration trusts it. */
@WithFakeMemcached(tls = true)
class TlsExtensionTest {

    @Test
    void theFakeAnswersOverTlsWithTheInjectedMaterial(ServerAddress address, TlsMaterial tls) {
        try (RawTextSession session = RawTextSession.openTls(address, tls.clientSslContext())) {
            assertEquals("VERSION 1.6.18", session.command("version"));
        }
    }

    @Test
    void aPlainClientGetsNoAnswer(ServerAddress address) {
        try (RawTextSession session = RawTextSession.open(address)) {
            String reply;
            try {
                reply = session.command("version");
            } catch (UncheckedIOException e) {
                reply = null; // reset: the fake wanted a TLS handshake
            }
            assertNotEquals("VERSION 1.6.18", reply);
        }
    }

    @Test
    void theInjectedConfigurationUsesTls(ClientConfig config, ServerAddress address) {
        assertTrue(config.tls().isPresent(), config.toString());
        assertNotNull(config.tls().get().sslContext(), config.toString());
        assertEquals(List.of(address), config.servers());
    }
}
