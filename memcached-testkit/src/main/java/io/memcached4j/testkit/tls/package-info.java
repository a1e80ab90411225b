/**
 * Test certificates made on the spot with the JDK alone: {@link io.memcached4j.testkit.tls.TlsMaterial}
 * writes the PEM files memcached and the fake read and gives the matching server and client
 * {@link javax.net.ssl.SSLContext}s.
 */
package io.memcached4j.testkit.tls;
