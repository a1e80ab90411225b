package io.memcached4j.transcoder;

import java.util.Objects;

/** Byte arrays, written with spymemcached's byte-array flag; reading returns the plain stored bytes whatever their flags. */
final class BytesTranscoder extends SpyFormatTranscoder<byte[]> {
    static final BytesTranscoder INSTANCE = new BytesTranscoder();

    @Override
    public EncodedValue encode(byte[] value) {
        return new EncodedValue(Objects.requireNonNull(value, "value"), SpyFormat.BYTE_ARRAY);
    }

    @Override
    byte[] decodePlain(byte[] value, int flags) {
        return value;
    }

    @Override
    public String toString() {
        return "Transcoders.bytes()";
    }
}
