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
 * <p>A final class rather than a record, so that the client can make the items of a reply under
 * the keys it already checked without checking them again.
 */
public final class Item {
    static {
        io.memcached4j.internal.TrustedItems.install(new io.memcached4j.internal.TrustedItems.Factory() {
            @Override
            public Item item(String key, byte[] value, int flags, int expiration) {
                return trusted(key, value, flags, expiration);
            }

            @Override
            public CasItem casItem(String key, byte[] value, int flags, int expiration, long cas) {
                return CasItem.trusted(key, value, flags, expiration, cas);
            }
        });
    }

    private final String key;
    private final byte[] value;
    private final int flags;
    private final int expiration;

    /**
     * Creates an item, checking the key with {@link Keys#requireValid}.
     *
     * @param key the key
     * @param value the value bytes
     * @param flags the client flags, stored as an unsigned 32-bit number
     * @param expiration the expiration, as described above
     * @throws IllegalArgumentException when the key breaks a rule of {@link Keys}
     * @throws NullPointerException when the key or the value is null
     */
    public Item(String key, byte[] value, int flags, int expiration) {
        this(Keys.requireValid(key), value, flags, expiration, true);
    }

    private Item(String checkedKey, byte[] value, int flags, int expiration, boolean checked) {
        this.key = checkedKey;
        this.value = Objects.requireNonNull(value, "value");
        this.flags = flags;
        this.expiration = expiration;
    }

    /** An item whose key the caller already checked with {@link Keys#requireValid}. */
    static Item trusted(String checkedKey, byte[] value, int flags, int expiration) {
        return new Item(checkedKey, value, flags, expiration, true);
    }

    /**
     * Returns the key.
     *
     * @return the key
     */
    public String key() {
        return key;
    }

    /**
     * Returns the value bytes, not a copy.
     *
     * @return the value
     */
    public byte[] value() {
        return value;
    }

    /**
     * Returns the client flags.
     *
     * @return the flags, an unsigned 32-bit number held in an int
     */
    public int flags() {
        return flags;
    }

    /**
     * Returns the expiration.
     *
     * @return the expiration, as described above
     */
    public int expiration() {
        return expiration;
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
