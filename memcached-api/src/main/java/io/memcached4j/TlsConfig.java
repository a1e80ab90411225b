package io.memcached4j;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a client speaks TLS to its servers (memcached's {@code -Z}): the {@link SSLContext} that
 * holds the trusted certificates (and the client's own key for mutual TLS), host-name
 * verification (on by default), the SNI name, and the protocol versions and cipher suites to
 * offer. Immutable; made with {@link #builder()}, checked when built.
 */
public final class TlsConfig {
    private final SSLContext context;
    private final boolean hostnameVerification;
    private final String sniHostName;
    private final List<String> protocols;
    private final List<String> cipherSuites;

    private TlsConfig(Builder b) {
        if (b.context != null && (b.trustStore != null || b.keyStore != null)) {
            throw new IllegalArgumentException("give either an SSLContext or trust and key stores, not both");
        }
        this.context = b.context != null ? b.context : contextFrom(b.trustStore, b.keyStore,
                b.keyPassword == null ? null : b.keyPassword.clone());
        this.hostnameVerification = b.hostnameVerification;
        this.sniHostName = b.sniHostName;
        SSLParameters supported = context.getSupportedSSLParameters();
        this.protocols = supportedOnly(b.protocols, supported.getProtocols(), "protocol");
        this.cipherSuites = supportedOnly(b.cipherSuites, supported.getCipherSuites(), "cipher suite");
    }

    /**
     * Starts a builder: the JDK's default trust store, host-name verification on, SNI from the
     * server's host name, the context's default protocols and cipher suites.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the context that makes the TLS engines */
    public SSLContext sslContext() {
        return context;
    }

    /**
     * Returns whether the client checks that the server's certificate names the host it connects
     * to (its DNS name or IP address, as given in {@link ClientConfig#servers()}).
     *
     * @return true unless turned off
     */
    public boolean hostnameVerification() {
        return hostnameVerification;
    }

    /**
     * @return the SNI name sent to every server; empty to send each server's own host name (none
     *         for an IP address)
     */
    public Optional<String> sniHostName() {
        return Optional.ofNullable(sniHostName);
    }

    /** @return the TLS protocol versions to offer, such as {@code TLSv1.3}; empty for the context's defaults */
    public List<String> protocols() {
        return protocols;
    }

    /** @return the cipher suites to offer; empty for the context's defaults */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    @Override
    public String toString() {
        return "TlsConfig[protocol=" + context.getProtocol() + ", hostnameVerification=" + hostnameVerification
                + ", sni=" + (sniHostName == null ? "(server host)" : sniHostName)
                + ", protocols=" + (protocols.isEmpty() ? "(default)" : protocols)
                + ", cipherSuites=" + (cipherSuites.isEmpty() ? "(default)" : cipherSuites) + "]";
    }

    private static SSLContext contextFrom(KeyStore trustStore, KeyStore keyStore, char[] keyPassword) {
        try {
            if (trustStore == null && keyStore == null) {
                return SSLContext.getDefault();
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            KeyManagerFactory kmf = null;
            if (keyStore != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keyStore, keyPassword);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot make an SSLContext from the trust and key stores: " + e.getMessage(), e);
        } finally {
            if (keyPassword != null) {
                Arrays.fill(keyPassword, '\0');
            }
        }
    }

    private static List<String> supportedOnly(List<String> wanted, String[] supported, String what) {
        Set<String> known = new HashSet<>(Arrays.asList(supported));
        for (String name : wanted) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("the TLS " + what + " " + name + " is not supported here; supported: "
                        + Arrays.toString(supported));
            }
        }
        return wanted;
    }

    /** Builds a {@link TlsConfig}; every setter checks its argument at once. */
    public static final class Builder {
        private SSLContext context;
        private KeyStore trustStore;
        private KeyStore keyStore;
        private char[] keyPassword;
        private boolean hostnameVerification = true;
        private String sniHostName;
        private List<String> protocols = List.of();
        private List<String> cipherSuites = List.of();

        private Builder() {
        }

        /**
         * Uses a ready context (its trust and key managers); excludes {@link #trustStore} and {@link #keyStore}.
         *
         * @param context an initialized context
         * @return this builder
         */
        public Builder sslContext(SSLContext context) {
            this.context = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * Trusts the certificates of a key store instead of the JDK's default ones.
         *
         * @param trustStore the trusted certificates (or the CAs that signed them)
         * @return this builder
         */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
            return this;
        }

        /**
         * Presents a client certificate, for servers that verify clients (mutual TLS,
         * memcached's {@code ssl_verify_mode}).
         *
         * @param keyStore the client's key and certificate chain
         * @param password the key's password; copied, and wiped once the context is made
         * @return this builder
         */
        public Builder keyStore(KeyStore keyStore, char[] password) {
            this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
            this.keyPassword = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /**
         * Turns the check that the server's certificate names its host on or off (on by default;
         * off only for tests with certificates that name no host).
         *
         * @param verify whether to verify
         * @return this builder
         */
        public Builder hostnameVerification(boolean verify) {
            this.hostnameVerification = verify;
            return this;
        }

        /**
         * Sends this SNI name to every server instead of each server's host name.
         *
         * @param hostName a DNS name
         * @return this builder
         */
        public Builder sniHostName(String hostName) {
            Objects.requireNonNull(hostName, "hostName");
            if (hostName.isBlank() || hostName.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                throw new IllegalArgumentException("SNI host name must be a printable ASCII DNS name: " + hostName);
            }
            this.sniHostName = hostName;
            return this;
        }

        /**
         * Restricts the TLS protocol versions, such as {@code "TLSv1.3"}.
         *
         * @param protocols at least one, each supported by the context
         * @return this builder
         */
        public Builder protocols(String... protocols) {
            this.protocols = nonEmpty(protocols, "protocols");
            return this;
        }

        /**
         * Restricts the cipher suites, such as {@code "TLS_AES_128_GCM_SHA256"}.
         *
         * @param cipherSuites at least one, each supported by the context
         * @return this builder
         */
        public Builder cipherSuites(String... cipherSuites) {
            this.cipherSuites = nonEmpty(cipherSuites, "cipherSuites");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when both a context and stores were given, the stores
         *                                  cannot make a context, or a protocol or cipher suite is unsupported
         */
        public TlsConfig build() {
            return new TlsConfig(this);
        }

        private static List<String> nonEmpty(String[] names, String what) {
            List<String> list = List.of(names);
            if (list.isEmpty()) {
                throw new IllegalArgumentException(what + " must name at least one");
            }
            return list;
        }
    }
}
