package io.memcached4j.testkit.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made on the spot for TLS tests: a CA, a server certificate it signs (naming
 * {@code 127.0.0.1}, {@code ::1} and {@code localhost} unless told otherwise) and a client
 * certificate for mutual TLS, written as PEM files that memcached's {@code -Z -o ssl_chain_cert=...,ssl_key=...}
 * and the fake read, and the matching {@link SSLContext}s for a server and a client. ECDSA P-256
 * keys, made with the JDK alone; nothing is fetched or installed.
 *
 * <pre>{@code
 * TlsMaterial tls = TlsMaterial.builder().directory(tempDir).build();
 * MemcachedProcess.builder().arguments(tls.memcachedArguments().toArray(String[]::new)).start();
 * ClientConfig.builder().tls(TlsConfig.builder().sslContext(tls.clientSslContext()).build())...
 * }</pre>
 */
public final class TlsMaterial {
    private static final char[] PASSWORD = "memcached4j".toCharArray();
    private static final String EC_SHA256 = "1.2.840.10045.4.3.2";

    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final KeyPair serverKeys;
    private final X509Certificate server;
    private final KeyPair clientKeys;
    private final X509Certificate client;
    private final Path directory;

    private TlsMaterial(Builder b) {
        try {
            Instant now = Instant.now();
            caKeys = newKeys();
            ca = sign("memcached4j test CA", caKeys, "memcached4j test CA", caKeys.getPrivate(), now.minus(Duration.ofDays(1)),
                    now.plus(Duration.ofDays(30)), true, List.of());
            serverKeys = newKeys();
            server = sign(b.serverNames.get(0), serverKeys, "memcached4j test CA", caKeys.getPrivate(),
                    b.notBefore != null ? b.notBefore : now.minus(Duration.ofDays(1)),
                    b.notAfter != null ? b.notAfter : now.plus(Duration.ofDays(30)), false, b.serverNames);
            clientKeys = newKeys();
            client = sign("memcached4j test client", clientKeys, "memcached4j test CA", caKeys.getPrivate(),
                    now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), false, List.of());
            directory = b.directory;
            if (directory != null) {
                Files.createDirectories(directory);
                Files.writeString(caCertificate(), pem("CERTIFICATE", ca.getEncoded()));
                Files.writeString(serverChain(), pem("CERTIFICATE", server.getEncoded()) + pem("CERTIFICATE", ca.getEncoded()));
                Files.writeString(serverKey(), pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()));
                Files.writeString(clientChain(), pem("CERTIFICATE", client.getEncoded()) + pem("CERTIFICATE", ca.getEncoded()));
                Files.writeString(clientKey(), pem("PRIVATE KEY", clientKeys.getPrivate().getEncoded()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make test certificates: " + e, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test certificates to " + b.directory, e);
        }
    }

    /** @return a builder: a server certificate for the loopback names, valid from yesterday for 30 days, no files */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the CA's certificate, which signed the server's and the client's */
    public X509Certificate caX509Certificate() {
        return ca;
    }

    /** @return the PEM file of the CA's certificate ({@code ssl_ca_cert}) */
    public Path caCertificate() {
        return file("ca.pem");
    }

    /** @return the PEM file of the server's certificate followed by the CA's ({@code ssl_chain_cert}) */
    public Path serverChain() {
        return file("server-chain.pem");
    }

    /** @return the PEM file of the server's private key, PKCS#8 ({@code ssl_key}) */
    public Path serverKey() {
        return file("server-key.pem");
    }

    /** @return the PEM file of the client's certificate followed by the CA's */
    public Path clientChain() {
        return file("client-chain.pem");
    }

    /** @return the PEM file of the client's private key, PKCS#8 */
    public Path clientKey() {
        return file("client-key.pem");
    }

    /**
     * @return memcached's flags for a TLS server with these files:
     *         {@code -Z -o ssl_chain_cert=...,ssl_key=...}
     */
    public List<String> memcachedArguments() {
        return List.of("-Z", "-o", "ssl_chain_cert=" + serverChain() + ",ssl_key=" + serverKey());
    }

    /**
     * @param verifyMode memcached's {@code ssl_verify_mode}: 1 asks for a client certificate, 2
     *                   requires one, 3 requires one once
     * @return memcached's flags for a server that verifies client certificates against the CA
     */
    public List<String> memcachedArgumentsVerifyingClients(int verifyMode) {
        return List.of("-Z", "-o", "ssl_chain_cert=" + serverChain() + ",ssl_key=" + serverKey()
                + ",ssl_ca_cert=" + caCertificate() + ",ssl_verify_mode=" + verifyMode);
    }

    /** @return a server context presenting the server certificate, trusting the CA for client certificates */
    public SSLContext serverSslContext() {
        return context(serverKeys.getPrivate(), server);
    }

    /** @return a client context trusting the CA and presenting the client certificate (mutual TLS) */
    public SSLContext clientSslContext() {
        return context(clientKeys.getPrivate(), client);
    }

    /** @return a client context trusting the CA, with no certificate of its own */
    public SSLContext clientSslContextWithoutCertificate() {
        return context(null, null);
    }

    /** @return a key store holding the CA's certificate, for {@code TlsConfig.Builder.trustStore} */
    public KeyStore trustStore() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            return trust;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a trust store: " + e, e);
        }
    }

    /** @return a key store holding the client's key and chain, protected by {@link #keyStorePassword()} */
    public KeyStore clientKeyStore() {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", clientKeys.getPrivate(), PASSWORD, new X509Certificate[] {client, ca});
            return keys;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a key store: " + e, e);
        }
    }

    /** @return the password of {@link #clientKeyStore()}'s key */
    public char[] keyStorePassword() {
        return PASSWORD.clone();
    }

    private SSLContext context(PrivateKey key, X509Certificate certificate) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            KeyManagerFactory kmf = null;
            if (key != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("key", key, PASSWORD, new X509Certificate[] {certificate, ca});
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, PASSWORD);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make an SSLContext: " + e, e);
        }
    }

    private Path file(String name) {
        if (directory == null) {
            throw new IllegalStateException("no directory was given to write the PEM files to");
        }
        return directory.resolve(name);
    }

    private static KeyPair newKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey,
                                        Instant notBefore, Instant notAfter, boolean isCa, List<String> names)
            throws GeneralSecurityException {
        byte[] algorithm = Der.sequence(Der.oid(EC_SHA256));
        List<byte[]> extensions = new ArrayList<>();
        if (isCa) {
            extensions.add(extension("2.5.29.19", true, Der.sequence(Der.bool(true))));
            extensions.add(extension("2.5.29.15", true, Der.tlv(0x03, new byte[] {1, 0x06})));
        } else {
            extensions.add(extension("2.5.29.15", true, Der.tlv(0x03, new byte[] {7, (byte) 0x80})));
            extensions.add(extension("2.5.29.37", false,
                    Der.sequence(Der.oid("1.3.6.1.5.5.7.3.1"), Der.oid("1.3.6.1.5.5.7.3.2"))));
        }
        if (!names.isEmpty()) {
            List<byte[]> general = new ArrayList<>();
            for (String name : names) {
                general.add(isIpLiteral(name) ? Der.tlv(0x87, address(name))
                        : Der.tlv(0x82, name.getBytes(StandardCharsets.US_ASCII)));
            }
            extensions.add(extension("2.5.29.17", false, Der.sequence(general.toArray(byte[][]::new))));
        }
        byte[] tbs = Der.sequence(
                Der.tlv(0xa0, Der.integer(BigInteger.TWO)),
                Der.integer(new BigInteger(63, new SecureRandom()).add(BigInteger.ONE)),
                algorithm,
                name(issuer),
                Der.sequence(Der.time(notBefore), Der.time(notAfter)),
                name(subject),
                subjectKeys.getPublic().getEncoded(),
                Der.tlv(0xa3, Der.sequence(extensions.toArray(byte[][]::new))));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(issuerKey);
        signer.update(tbs);
        byte[] certificate = Der.sequence(tbs, algorithm, Der.bits(signer.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octets(value))
                : Der.sequence(Der.oid(oid), Der.octets(value));
    }

    private static byte[] name(String commonName) {
        return Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8(commonName))));
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static byte[] address(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Configures a {@link TlsMaterial}. */
    public static final class Builder {
        private List<String> serverNames = List.of("127.0.0.1", "::1", "localhost");
        private Instant notBefore;
        private Instant notAfter;
        private Path directory;

        private Builder() {
        }

        /**
         * @param names the DNS names and IP addresses the server certificate names; the first is also its CN
         * @return this builder
         */
        public Builder serverNames(String... names) {
            if (names.length == 0) {
                throw new IllegalArgumentException("a server certificate needs a name");
            }
            this.serverNames = List.of(names);
            return this;
        }

        /**
         * @param notBefore when the server certificate becomes valid
         * @param notAfter when it expires; in the past for an expired certificate
         * @return this builder
         */
        public Builder serverValidity(Instant notBefore, Instant notAfter) {
            this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
            this.notAfter = Objects.requireNonNull(notAfter, "notAfter");
            if (!notAfter.isAfter(notBefore)) {
                throw new IllegalArgumentException("notAfter must follow notBefore");
            }
            return this;
        }

        /**
         * @param directory where to write the PEM files (created if missing); none are written without it
         * @return this builder
         */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** @return the generated certificates and keys */
        public TlsMaterial build() {
            return new TlsMaterial(this);
        }
    }
}
