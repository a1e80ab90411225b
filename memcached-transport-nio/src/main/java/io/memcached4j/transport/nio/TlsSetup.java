package io.memcached4j.transport.nio;

import io.memcached4j.ServerAddress;
import io.memcached4j.TlsConfig;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.util.List;

/**
 * Applies a {@link TlsConfig} to the client side of one connection's TLS session, for the event
 * loop's connections and the line connections alike.
 */
final class TlsSetup {
    /**
     * Offered as an application protocol (ALPN), which memcached ignores: its newline makes a
     * memcached without TLS answer the handshake at once ({@code ERROR}) instead of waiting for one.
     */
    static final String PLAIN_SERVER_PROBE = "memcached\n";

    private TlsSetup() {
    }

    /**
     * Makes the engine of one connection. Its session is never resumed (the port -1 keeps it out of
     * the context's host-and-port cache): memcached 1.6.18 verifying client certificates
     * ({@code ssl_verify_mode}) fails a resumed handshake with {@code internal_error}, and a full
     * handshake per reconnect costs little.
     *
     * @param tls the settings
     * @param server the server, whose host the certificate must name
     * @return the client-mode engine
     */
    static SSLEngine engine(TlsConfig tls, ServerAddress server) {
        SSLEngine engine = tls.sslContext().createSSLEngine(server.host(), -1);
        engine.setUseClientMode(true);
        engine.setSSLParameters(parameters(tls, server, engine.getSSLParameters()));
        return engine;
    }

    private static SSLParameters parameters(TlsConfig tls, ServerAddress server, SSLParameters p) {
        if (tls.hostnameVerification()) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        String sni = tls.sniHostName().orElse(isIpLiteral(server.host()) ? null : server.host());
        if (sni != null) {
            p.setServerNames(List.of(new SNIHostName(sni)));
        }
        if (!tls.protocols().isEmpty()) {
            p.setProtocols(tls.protocols().toArray(String[]::new));
        }
        if (!tls.cipherSuites().isEmpty()) {
            p.setCipherSuites(tls.cipherSuites().toArray(String[]::new));
        }
        p.setApplicationProtocols(new String[] {PLAIN_SERVER_PROBE});
        return p;
    }

    static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
