package io.memcached4j.transcoder;

/**
 * Turns values of one Java type into the bytes and 32-bit client flags memcached stores, and back.
 *
 * <p>An implementation is stateless or thread-safe: one instance is shared by every thread.
 * {@link Transcoders} has the built-ins (byte arrays, UTF-8 strings, longs, allow-listed Java
 * serialization, spymemcached's format) and adds compression to any transcoder.
 *
 * @param <T> the type of the values
 */
public interface Transcoder<T> {
    /**
     * Encodes a value for storing.
     *
     * @param value the value, not null
     * @return the bytes and flags to store
     * @throws IllegalArgumentException when the value cannot be encoded; nothing is sent then
     */
    EncodedValue encode(T value);

    /**
     * Decodes a stored value.
     *
     * @param value the stored bytes
     * @param flags the stored client flags
     * @return the value
     * @throws TranscoderException when the bytes or flags are not in this transcoder's format
     */
    T decode(byte[] value, int flags);
}
