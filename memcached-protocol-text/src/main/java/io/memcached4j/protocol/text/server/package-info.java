/**
 * The server side of the memcached text protocol, for the fake server: an incremental request
 * parser (data blocks included) and a reply writer that answer bad input as memcached 1.6.18 does.
 */
package io.memcached4j.protocol.text.server;
