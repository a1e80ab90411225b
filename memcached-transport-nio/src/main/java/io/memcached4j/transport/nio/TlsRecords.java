package io.memcached4j.transport.nio;

import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/** Recognizes TLS bytes where plain text was expected, and says in plain words why a TLS handshake failed. */
final class TlsRecords {
    private TlsRecords() {
    }

    /**
     * @param buf bytes just read, in write mode
     * @param start where they start
     * @return whether they begin like a TLS record (handshake or alert, version 3.x); no memcached reply does
     */
    static boolean looksLikeTls(ByteBuffer buf, int start) {
        if (buf.position() - start < 2) {
            return false;
        }
        return looksLikeTls(buf.get(start), buf.get(start + 1));
    }

    /**
     * @param first the first byte a server sent
     * @param second the second
     * @return whether they begin a TLS record (handshake or alert, version 3.x)
     */
    static boolean looksLikeTls(byte first, byte second) {
        return (first == 0x15 || first == 0x16) && second == 0x03;
    }

    /**
     * @param server the server
     * @return the message for TLS bytes received by a plain client
     */
    static String plainClientMessage(String server) {
        return "memcached " + server + " answered with TLS: it requires TLS (memcached -Z), so configure ClientConfig.tls";
    }

    /**
     * @param e the failure of a handshake
     * @param server the server, for the message
     * @param host the host name or address the certificate must name
     * @return an exception whose message says what is wrong, with {@code e} as its cause
     */
    static SSLException explain(SSLException e, String server, String host) {
        String detail = String.valueOf(e.getMessage());
        String lower = detail.toLowerCase(Locale.ROOT);
        String why;
        if (has(e, CertificateExpiredException.class)) {
            why = "the server's certificate has expired";
        } else if (has(e, CertificateNotYetValidException.class)) {
            why = "the server's certificate is not valid yet";
        } else if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
            why = "the server's certificate does not name " + host + " (host-name verification)";
        } else if (lower.contains("pkix path") || lower.contains("unable to find valid certification path")) {
            why = "the server's certificate is not trusted (its issuer is not in the client's trust store)";
        } else if (lower.contains("unsupported or unrecognized ssl message") || lower.contains("plaintext")) {
            why = "the server did not answer with TLS: does it run without TLS (memcached without -Z)?";
        } else if (lower.contains("certificate_required") || lower.contains("bad_certificate")
                || lower.contains("unknown_ca") || lower.contains("handshake_failure")) {
            why = "the server refused the handshake; it may require a client certificate it trusts (mutual TLS)";
        } else {
            why = "the TLS handshake failed";
        }
        SSLException explained = new SSLException("TLS with memcached " + server + " failed: " + why + " (" + detail + ")", e);
        return explained;
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
