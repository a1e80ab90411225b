/**
 * TLS over a non-blocking socket with an {@link javax.net.ssl.SSLEngine}:
 * {@link io.memcached4j.core.tls.TlsEngineLoop} holds the engine's buffers and runs its wrap and
 * unwrap loops for both ends the platform has, the client transport ({@code memcached-transport-nio})
 * and the testkit's fake server, which keep only their own handshake policy. Exported only to those two.
 */
package io.memcached4j.core.tls;
