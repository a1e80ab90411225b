/**
 * Values as stored bytes and flags: the {@link io.memcached4j.transcoder.Transcoder} interface the
 * typed client calls take, the built-ins in spymemcached's format ({@link io.memcached4j.transcoder.Transcoders}),
 * with Java serialization off unless classes are named, and gzip or Zstandard
 * {@link io.memcached4j.transcoder.Compression}.
 */
package io.memcached4j.transcoder;
