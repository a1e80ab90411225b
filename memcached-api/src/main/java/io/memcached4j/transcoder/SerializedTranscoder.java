package io.memcached4j.transcoder;

import java.util.Objects;

/** Java-serialized objects of one type, read only through an allow-list. */
final class SerializedTranscoder<T> extends SpyFormatTranscoder<T> {
    private final Class<T> type;
    private final JavaSerialization serialization;

    SerializedTranscoder(Class<T> type, JavaSerialization serialization) {
        this.type = type;
        this.serialization = serialization;
    }

    @Override
    public EncodedValue encode(T value) {
        return new EncodedValue(JavaSerialization.serialize(Objects.requireNonNull(value, "value")), SpyFormat.SERIALIZED);
    }

    @Override
    T decodePlain(byte[] value, int flags) {
        if ((flags & SpyFormat.SERIALIZED) == 0) {
            throw SpyFormat.mismatch("a Java-serialized " + type.getName(), flags);
        }
        Object object = serialization.deserialize(value);
        if (!type.isInstance(object)) {
            throw new TranscoderException("the serialized object is a " + object.getClass().getName()
                    + ", not a " + type.getName());
        }
        return type.cast(object);
    }

    @Override
    public String toString() {
        return "Transcoders.serialized(" + type.getName() + ", " + serialization + ")";
    }
}
