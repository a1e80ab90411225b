package io.memcached4j.benchmarks;

import io.memcached4j.TlsConfig;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.testkit.tls.TlsMaterial;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * TLS for the load runs. The harness side ({@link #startServer}) makes a CA and a server
 * certificate with the testkit's {@link TlsMaterial} in a temporary directory and starts memcached
 * with {@code -Z -o ssl_chain_cert=...,ssl_key=...}; each run's JVM ({@link #trusting}) reads the
 * CA's PEM file and gives every client the same trust: memcached4j a {@link TlsConfig}, the others
 * that config's {@link SSLContext}. Server authentication only (no client certificates).
 */
final class LoadTls {
    private final TlsConfig config;

    private LoadTls(TlsConfig config) {
        this.config = config;
    }

    /**
     * A memcached that requires TLS, and the CA file its clients must trust.
     *
     * @param memcached the running server
     * @param caCertificate the CA's certificate (PEM), for {@code LoadRun --tls-ca}
     * @param directory the temporary directory holding the certificates and keys
     */
    record Server(MemcachedProcess memcached, Path caCertificate, Path directory) implements AutoCloseable {
        /** Stops memcached and deletes the certificates and keys. */
        @Override
        public void close() {
            memcached.close();
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the test certificates in " + directory, e);
            }
        }
    }

    /**
     * Makes certificates in a new temporary directory and starts memcached requiring TLS.
     *
     * @param threads memcached's {@code -t}
     * @param memoryMegabytes memcached's {@code -m}
     * @return the running server
     * @throws IOException when the temporary directory cannot be made
     */
    static Server startServer(int threads, int memoryMegabytes) throws IOException {
        Path directory = Files.createTempDirectory("memcached4j-load-tls-");
        TlsMaterial material = TlsMaterial.builder().directory(directory).build();
        MemcachedProcess memcached = MemcachedProcess.builder().threads(threads).memoryMegabytes(memoryMegabytes)
                .arguments(material.memcachedArguments().toArray(String[]::new)).start();
        return new Server(memcached, material.caCertificate(), directory);
    }

    /**
     * The client side: trusts the CA in a PEM file, with memcached4j's defaults otherwise
     * (host-name verification on; the test certificate names {@code 127.0.0.1} and {@code localhost}).
     *
     * @param caCertificate the CA's certificate (PEM)
     * @return the TLS settings for the clients
     * @throws IllegalArgumentException when the file holds no certificate
     */
    static LoadTls trusting(Path caCertificate) {
        try (InputStream in = Files.newInputStream(caCertificate)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca" + i++, ca);
            }
            if (i == 0) {
                throw new IllegalArgumentException("no certificate in " + caCertificate);
            }
            return new LoadTls(TlsConfig.builder().trustStore(trust).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA certificate " + caCertificate, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot trust the CA certificate " + caCertificate + ": " + e, e);
        }
    }

    /**
     * Stores the first key until the client succeeds, for up to 30 s: a new JVM's first TLS
     * handshake (the JDK loading and starting its TLS classes) can outlast a client's request timeout
     * (memcached4j's is 1 s) on a loaded machine. Before the warm-up, so it changes no figure.
     *
     * @throws Exception the client's last failure when it never succeeds
     */
    static void awaitFirstStore(LoadClient client, KeySpace keys) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                client.set(keys.key(0), keys.value());
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }

    /** @return memcached4j's TLS settings */
    TlsConfig config() {
        return config;
    }

    /** @return the context the other clients make their TLS engines and sockets with */
    SSLContext context() {
        return config.sslContext();
    }
}
