/**
 * The client side of the memcached text protocol, classic and meta commands, over
 * {@link java.nio.ByteBuffer}s: the request encoder and the incremental reply decoder, provided as
 * the codec {@code text}.
 */
package io.memcached4j.protocol.text;
