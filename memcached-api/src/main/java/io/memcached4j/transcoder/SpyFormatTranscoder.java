package io.memcached4j.transcoder;

import java.util.Objects;

/** A built-in transcoder: it decompresses whatever {@link Compression} marked, then reads the plain bytes. */
abstract class SpyFormatTranscoder<T> implements Transcoder<T> {
    @Override
    public final T decode(byte[] value, int flags) {
        EncodedValue plain = Compression.decompress(Objects.requireNonNull(value, "value"), flags);
        return decodePlain(plain.value(), plain.flags());
    }

    /**
     * Reads an uncompressed value.
     *
     * @param value the bytes
     * @param flags the flags, without compression bits
     * @return the value
     */
    abstract T decodePlain(byte[] value, int flags);

    static boolean isString(int flags) {
        return (flags & (SpyFormat.TYPE_MASK | SpyFormat.SERIALIZED)) == 0;
    }
}
