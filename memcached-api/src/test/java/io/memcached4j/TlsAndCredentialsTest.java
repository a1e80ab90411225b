package io.memcached4j;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.security.KeyStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsAndCredentialsTest {
    private static final String SECRET = "p4ss-w0rd";

    @Test
    void thePasswordIsNeverShown() {
        Credentials credentials = Credentials.of("app", SECRET);
        assertEquals("app", credentials.username());
        assertEquals(SECRET, credentials.password());
        assertFalse(credentials.toString().contains(SECRET), credentials.toString());
        ClientConfig config = ClientConfig.builder().servers("127.0.0.1:11211").credentials("app", SECRET).build();
        assertFalse(config.toString().contains(SECRET), config.toString());
        assertTrue(config.toString().contains("username=app"), config.toString());
        assertEquals(credentials, config.credentials().orElseThrow());
        assertEquals(credentials, config.toBuilder().build().credentials().orElseThrow());
    }

    @Test
    void credentialsThatMemcachedCannotCarryAreRefusedBeforeAnythingIsSent() {
        assertThrows(IllegalArgumentException.class, () -> Credentials.of("", "x"));
        assertThrows(IllegalArgumentException.class, () -> Credentials.of("a b", "x"));
        assertThrows(NullPointerException.class, () -> Credentials.of("a", null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Credentials.of("app", "has space"));
        assertFalse(e.getMessage().contains("has space"), "the password is not echoed: " + e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Credentials.of("app", "line\r\nbreak"));
    }

    @Test
    void tlsDefaultsToVerifyingTheHostAndTheContextsProtocols() throws Exception {
        TlsConfig tls = TlsConfig.builder().build();
        assertSame(SSLContext.getDefault(), tls.sslContext());
        assertTrue(tls.hostnameVerification());
        assertTrue(tls.sniHostName().isEmpty());
        assertTrue(tls.protocols().isEmpty());
        assertTrue(tls.cipherSuites().isEmpty());
        ClientConfig config = ClientConfig.builder().servers("127.0.0.1:11211").tls(tls).build();
        assertSame(tls, config.tls().orElseThrow());
        assertSame(tls, config.toBuilder().build().tls().orElseThrow());
        assertTrue(ClientConfig.builder().servers("127.0.0.1:11211").build().tls().isEmpty());
    }

    @Test
    void tlsSettingsAreCheckedWhenBuilt() throws Exception {
        TlsConfig tls = TlsConfig.builder().protocols("TLSv1.3").cipherSuites("TLS_AES_128_GCM_SHA256")
                .sniHostName("cache.example.com").hostnameVerification(false).build();
        assertEquals("TLSv1.3", tls.protocols().get(0));
        assertEquals("cache.example.com", tls.sniHostName().orElseThrow());
        assertFalse(tls.hostnameVerification());
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().protocols("SSLv9").build());
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().cipherSuites("TLS_NOTHING").build());
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().protocols().build());
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.builder().sniHostName("bad name"));
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        assertThrows(IllegalArgumentException.class,
                () -> TlsConfig.builder().sslContext(SSLContext.getDefault()).trustStore(empty).build(),
                "a context and stores at once");
        char[] password = "key-pass".toCharArray();
        TlsConfig fromStores = TlsConfig.builder().trustStore(empty).keyStore(empty, password).build();
        assertEquals("TLS", fromStores.sslContext().getProtocol());
        assertEquals("key-pass", new String(password), "the caller's array is copied, not wiped");
    }
}
