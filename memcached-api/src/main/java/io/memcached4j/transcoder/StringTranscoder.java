package io.memcached4j.transcoder;

import java.util.Objects;

import static java.nio.charset.StandardCharsets.UTF_8;

/** UTF-8 strings with flags 0, as spymemcached writes them. */
final class StringTranscoder extends SpyFormatTranscoder<String> {
    static final StringTranscoder INSTANCE = new StringTranscoder();

    @Override
    public EncodedValue encode(String value) {
        return new EncodedValue(Objects.requireNonNull(value, "value").getBytes(UTF_8), 0);
    }

    @Override
    String decodePlain(byte[] value, int flags) {
        if (!isString(flags)) {
            throw SpyFormat.mismatch("a string", flags);
        }
        return new String(value, UTF_8);
    }

    @Override
    public String toString() {
        return "Transcoders.utf8()";
    }
}
