package io.memcached4j;

import java.util.Arrays;
import java.util.Objects;

/**
 * A cache item: key, value, the 32-bit client flags memcached stores opaquely, and expiration.
 *
 * <p>Expiration follows memcached: 0 never expires, up to 30 days (2,592,000) is seconds from now,
 * anything larger is an absolute Unix time, and a negative value expires the item at once.
 * The value array is not copied: do not change it after handing it over or reading it.
 *
 * @param key the key, checked with {@link Keys#requireValid}
 * @param value the value bytes
 * @param flags the client flags, stored as an unsigned 32-bit number
 * @param expiration the expiration, as described above
 */
public record Item(String key, byte[] value, int flags, int expiration) {
    /**
     * Validates the key and value.
     *
     * @param key the key
     * @param value the value
     * @param flags the flags
     * @param expiration the expiration
     */
    public Item {
        Keys.requireValid(key);
        Objects.requireNonNull(value, "value");
    }

    /**
     * Creates an item with no flags that never expires.
     *
     * @param key the key
     * @param value the value
     * @return the item
     */
    public static Item of(String key, byte[] value) {
        return new Item(key, value, 0, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Item other && key.equals(other.key) && flags == other.flags
                && expiration == other.expiration && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, flags, expiration) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Item[key=" + key + ", value=" + value.length + " bytes, flags=" + flags
                + ", expiration=" + expiration + "]";
    }
}
