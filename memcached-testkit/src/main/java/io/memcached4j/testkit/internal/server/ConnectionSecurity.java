package io.memcached4j.testkit.internal.server;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.util.Map;
import java.util.Objects;

/**
 * What the fake requires of each TCP connection before its requests reach the {@link Session}:
 * TLS (memcached's {@code -Z}, optionally verifying client certificates as {@code ssl_verify_mode}
 * does) and the text-protocol login ({@code -Y}), and the files they came from, as
 * {@code stats settings} reports them. Immutable.
 *
 * @param tls the server's context, or null for plain TCP
 * @param verifyMode memcached's {@code ssl_verify_mode}: 0 none, 1 request a client certificate,
 *                   2 and 3 require one
 * @param users user names and passwords of the auth file, or null for no login
 * @param files the file names memcached was given for these, or {@link Files#NONE}
 */
public record ConnectionSecurity(SSLContext tls, int verifyMode, Map<String, String> users, Files files) {
    /** Plain TCP, no login. */
    public static final ConnectionSecurity NONE = new ConnectionSecurity(null, 0, null);

    /**
     * The file names as given to memcached ({@code -o ssl_chain_cert=...,ssl_key=...,ssl_ca_cert=...}
     * and {@code -Y}), each null when not given: {@code stats settings} reports them.
     *
     * @param chainCert {@code ssl_chain_cert}
     * @param key {@code ssl_key}
     * @param caCert {@code ssl_ca_cert}
     * @param authFile the {@code -Y} file
     */
    public record Files(String chainCert, String key, String caCert, String authFile) {
        /** No file given: TLS and logins configured in code, or none. */
        public static final Files NONE = new Files(null, null, null, null);
    }

    /**
     * Without file names.
     *
     * @param tls the server's context, or null
     * @param verifyMode 0 to 3
     * @param users the logins, or null
     */
    public ConnectionSecurity(SSLContext tls, int verifyMode, Map<String, String> users) {
        this(tls, verifyMode, users, Files.NONE);
    }

    /**
     * Checks and copies.
     *
     * @param tls the server's context, or null
     * @param verifyMode 0 to 3
     * @param users the logins, or null
     * @param files the file names, or {@link Files#NONE}
     */
    public ConnectionSecurity {
        if (verifyMode < 0 || verifyMode > 3) {
            throw new IllegalArgumentException("ssl_verify_mode must be 0 to 3: " + verifyMode);
        }
        if (verifyMode > 0 && tls == null) {
            throw new IllegalArgumentException("ssl_verify_mode needs TLS");
        }
        users = users == null ? null : Map.copyOf(users);
        Objects.requireNonNull(files, "files");
    }

    /**
     * @param tls the server's context
     * @return these settings with TLS
     */
    public ConnectionSecurity withTls(SSLContext tls) {
        return new ConnectionSecurity(Objects.requireNonNull(tls, "tls"), verifyMode, users, files);
    }

    /** @return a server engine for a new connection, or null for plain TCP */
    SSLEngine newEngine() {
        if (tls == null) {
            return null;
        }
        SSLEngine engine = tls.createSSLEngine();
        engine.setUseClientMode(false);
        if (verifyMode == 1) {
            engine.setWantClientAuth(true);
        } else if (verifyMode >= 2) {
            engine.setNeedClientAuth(true);
        }
        return engine;
    }

    @Override
    public String toString() {
        return "ConnectionSecurity[tls=" + (tls != null) + ", verifyMode=" + verifyMode
                + ", users=" + (users == null ? "none" : users.keySet()) + "]";
    }
}
