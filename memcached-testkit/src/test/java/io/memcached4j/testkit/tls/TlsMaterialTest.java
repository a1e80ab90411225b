package io.memcached4j.testkit.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsMaterialTest {
    @TempDir
    Path dir;

    private static List<X509Certificate> chain(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) c);
            }
            return certificates;
        }
    }

    @Test
    void theServerCertificateIsSignedByTheCaAndNamesTheLoopback() throws Exception {
        TlsMaterial tls = TlsMaterial.builder().directory(dir).build();
        List<X509Certificate> chain = chain(tls.serverChain());
        assertEquals(2, chain.size());
        chain.get(0).verify(tls.caX509Certificate().getPublicKey());
        chain.get(0).checkValidity();
        List<String> names = new ArrayList<>();
        for (List<?> name : chain.get(0).getSubjectAlternativeNames()) {
            names.add(String.valueOf(name.get(1)));
        }
        assertTrue(names.contains("127.0.0.1") && names.contains("localhost"), names.toString());
        assertTrue(tls.caX509Certificate().getBasicConstraints() >= 0, "the CA is a CA");
        assertTrue(Files.readString(tls.serverKey()).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals(List.of("-Z", "-o", "ssl_chain_cert=" + tls.serverChain() + ",ssl_key=" + tls.serverKey()),
                tls.memcachedArguments());
        chain(tls.clientChain()).get(0).verify(tls.caX509Certificate().getPublicKey());
    }

    @Test
    void anExpiredOrRenamedServerCertificateOnRequest() throws Exception {
        Instant now = Instant.now();
        TlsMaterial expired = TlsMaterial.builder().directory(dir).serverNames("cache.example.com")
                .serverValidity(now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1))).build();
        X509Certificate server = chain(expired.serverChain()).get(0);
        assertThrows(CertificateExpiredException.class, server::checkValidity);
        assertEquals("CN=cache.example.com", server.getSubjectX500Principal().getName());
        assertThrows(IllegalStateException.class, () -> TlsMaterial.builder().build().serverChain(),
                "no files without a directory");
    }
}
