package io.memcached4j.transcoder;

import java.util.Date;
import java.util.Objects;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Any object, as spymemcached's {@code SerializingTranscoder} stores it: strings, the boxed
 * primitives, dates and byte arrays in their special encodings, anything else Java-serialized
 * (read back only through the allow-list).
 */
final class SpymemcachedTranscoder extends SpyFormatTranscoder<Object> {
    private final JavaSerialization serialization;

    SpymemcachedTranscoder(JavaSerialization serialization) {
        this.serialization = serialization;
    }

    @Override
    public EncodedValue encode(Object value) {
        Objects.requireNonNull(value, "value");
        if (value instanceof String s) {
            return new EncodedValue(s.getBytes(UTF_8), 0);
        } else if (value instanceof Long l) {
            return new EncodedValue(SpyFormat.encodeNumber(l, Long.BYTES), SpyFormat.LONG);
        } else if (value instanceof Integer i) {
            return new EncodedValue(SpyFormat.encodeNumber(i, Integer.BYTES), SpyFormat.INT);
        } else if (value instanceof Boolean b) {
            return new EncodedValue(SpyFormat.encodeBoolean(b), SpyFormat.BOOLEAN);
        } else if (value instanceof Date d) {
            return new EncodedValue(SpyFormat.encodeNumber(d.getTime(), Long.BYTES), SpyFormat.DATE);
        } else if (value instanceof Byte b) {
            return new EncodedValue(new byte[] {b}, SpyFormat.BYTE);
        } else if (value instanceof Float f) {
            return new EncodedValue(SpyFormat.encodeNumber(Float.floatToRawIntBits(f), Integer.BYTES), SpyFormat.FLOAT);
        } else if (value instanceof Double d) {
            return new EncodedValue(SpyFormat.encodeNumber(Double.doubleToRawLongBits(d), Long.BYTES), SpyFormat.DOUBLE);
        } else if (value instanceof byte[] bytes) {
            return new EncodedValue(bytes, SpyFormat.BYTE_ARRAY);
        }
        return new EncodedValue(JavaSerialization.serialize(value), SpyFormat.SERIALIZED);
    }

    @Override
    Object decodePlain(byte[] value, int flags) {
        if ((flags & SpyFormat.SERIALIZED) != 0) {
            return serialization.deserialize(value);
        }
        return switch (flags & SpyFormat.TYPE_MASK) {
            case 0 -> new String(value, UTF_8);
            case SpyFormat.BOOLEAN -> SpyFormat.decodeBoolean(value);
            case SpyFormat.INT -> (int) SpyFormat.decodeNumber(value, Integer.BYTES, flags);
            case SpyFormat.LONG -> SpyFormat.decodeNumber(value, Long.BYTES, flags);
            case SpyFormat.DATE -> new Date(SpyFormat.decodeNumber(value, Long.BYTES, flags));
            case SpyFormat.BYTE -> (byte) SpyFormat.decodeNumber(value, Byte.BYTES, flags);
            case SpyFormat.FLOAT -> Float.intBitsToFloat((int) SpyFormat.decodeNumber(value, Integer.BYTES, flags));
            case SpyFormat.DOUBLE -> Double.longBitsToDouble(SpyFormat.decodeNumber(value, Long.BYTES, flags));
            case SpyFormat.BYTE_ARRAY -> value;
            default -> throw new TranscoderException("the value holds " + SpyFormat.describe(flags)
                    + ", which spymemcached does not write");
        };
    }

    @Override
    public String toString() {
        return "Transcoders.spymemcached(serialization " + serialization + ")";
    }
}
