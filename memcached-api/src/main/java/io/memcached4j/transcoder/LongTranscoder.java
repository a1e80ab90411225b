package io.memcached4j.transcoder;

import java.util.Objects;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * Longs in spymemcached's binary format; reading also accepts decimal text with string flags,
 * which is how memcached keeps the counters of {@code incr} and {@code decr} (unsigned, possibly
 * padded with spaces).
 */
final class LongTranscoder extends SpyFormatTranscoder<Long> {
    static final LongTranscoder INSTANCE = new LongTranscoder();

    @Override
    public EncodedValue encode(Long value) {
        return new EncodedValue(SpyFormat.encodeNumber(Objects.requireNonNull(value, "value"), Long.BYTES), SpyFormat.LONG);
    }

    @Override
    Long decodePlain(byte[] value, int flags) {
        if ((flags & (SpyFormat.TYPE_MASK | SpyFormat.SERIALIZED)) == SpyFormat.LONG) {
            return SpyFormat.decodeNumber(value, Long.BYTES, flags);
        }
        if (!isString(flags)) {
            throw SpyFormat.mismatch("a long", flags);
        }
        String text = new String(value, US_ASCII).strip();
        try {
            return text.startsWith("-") ? Long.parseLong(text) : Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new TranscoderException("the value is a string that is not a decimal number: "
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text), e);
        }
    }

    @Override
    public String toString() {
        return "Transcoders.longs()";
    }
}
