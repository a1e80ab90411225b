package io.memcached4j.testkit.internal.server;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the files memcached takes for TLS ({@code ssl_chain_cert}, {@code ssl_key},
 * {@code ssl_ca_cert}: PEM; keys in PKCS#8, {@code BEGIN PRIVATE KEY}) and authentication
 * ({@code -Y}: one {@code user:password} a line).
 */
public final class SecurityFiles {
    private static final char[] PASSWORD = "fake".toCharArray();

    private SecurityFiles() {
    }

    /**
     * Makes a server context from memcached's TLS files.
     *
     * @param chain the server's certificate, then its issuers (PEM)
     * @param key the server's private key (PEM, PKCS#8)
     * @param caCertificates the CAs trusted for client certificates (PEM), or null
     * @return the context
     * @throws IllegalArgumentException when a file cannot be read or parsed, saying which
     */
    public static SSLContext serverContext(Path chain, Path key, Path caCertificates) {
        try {
            Certificate[] certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(read(chain))).toArray(Certificate[]::new);
            if (certificates.length == 0) {
                throw new IllegalArgumentException("no certificate in " + chain);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", privateKey(key), PASSWORD, certificates);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD);
            TrustManagerFactory tmf = null;
            if (caCertificates != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (Certificate ca : CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(read(caCertificates)))) {
                    trust.setCertificateEntry("ca" + i++, ca);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS from " + chain + " and " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an auth file as memcached's {@code -Y} does.
     *
     * @param file lines of {@code user:password}
     * @return the passwords by user name
     * @throws IllegalArgumentException when the file cannot be read or a line has no colon
     */
    public static Map<String, String> authFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the auth file " + file, e);
        }
        Map<String, String> users = new LinkedHashMap<>();
        int number = 0;
        for (String line : text.split("\n")) {
            number++;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("line " + number + " of the auth file " + file + " is not user:password");
            }
            users.put(line.substring(0, colon), line.substring(colon + 1));
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("the auth file " + file + " names no user");
        }
        return users;
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = new String(read(file), StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException(file + " holds no PKCS#8 key (BEGIN PRIVATE KEY); convert it with "
                    + "openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private static byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }
}
