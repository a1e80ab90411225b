package io.memcached4j.transcoder;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link Transcoder} stores: the value bytes and the client flags that say how to read them.
 * The array is not copied: do not change it after handing it over or reading it.
 *
 * @param value the bytes
 * @param flags the client flags, an unsigned 32-bit number
 */
public record EncodedValue(byte[] value, int flags) {
    /**
     * Checks the bytes are present.
     *
     * @param value the bytes
     * @param flags the flags
     */
    public EncodedValue {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedValue other && flags == other.flags && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return flags * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "EncodedValue[" + value.length + " bytes, flags=0x" + Integer.toHexString(flags) + "]";
    }
}
