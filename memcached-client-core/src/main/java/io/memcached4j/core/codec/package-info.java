/**
 * The wire codec contract: a transport hands {@link io.memcached4j.core.codec.Request}s to a
 * {@link io.memcached4j.core.codec.ProtocolCodec}, found through
 * {@link io.memcached4j.core.codec.ProtocolCodecProvider#find(String)}, and reads replies with its
 * {@link io.memcached4j.core.codec.ResponseDecoder}. {@code memcached-protocol-text} provides the
 * codec {@code text}. Exported only to the platform's transports, the codec and the benchmarks.
 */
package io.memcached4j.core.codec;
