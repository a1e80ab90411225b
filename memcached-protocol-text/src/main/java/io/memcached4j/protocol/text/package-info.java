/**
 * The client side of the memcached text protocol, classic and meta commands, over
 * {@link java.nio.ByteBuffer}s: the request encoder and the incremental reply decoder, provided as
 * the codec {@code text}. Not exported: transports find the codec with
 * {@code ProtocolCodecProvider.find}.
 */
package io.memcached4j.protocol.text;
