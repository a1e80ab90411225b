package io.memcached4j.transcoder;

/**
 * Adds a {@link Compression} to another transcoder: compresses after it encodes (unless it compressed
 * already), decompresses before it decodes.
 */
final class CompressingTranscoder<T> implements Transcoder<T> {
    private final Transcoder<T> inner;
    private final Compression compression;

    CompressingTranscoder(Transcoder<T> inner, Compression compression) {
        this.inner = inner;
        this.compression = compression;
    }

    @Override
    public EncodedValue encode(T value) {
        EncodedValue encoded = inner.encode(value);
        boolean alreadyCompressed = (encoded.flags() & (Compression.GZIP_FLAG | Compression.ZSTD_FLAG)) != 0;
        return alreadyCompressed ? encoded : compression.compress(encoded);
    }

    @Override
    public T decode(byte[] value, int flags) {
        EncodedValue plain = Compression.decompress(value, flags);
        return inner.decode(plain.value(), plain.flags());
    }

    @Override
    public String toString() {
        return inner + " with " + compression;
    }
}
