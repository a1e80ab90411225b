package io.memcached4j;


/**
 * An item together with the CAS token memcached gave it, for {@link MemcachedClient#compareAndSwap}.
 *
 * <p>Items read with {@link MemcachedClient#getWithCas} carry the server's token; an item built
 * with {@link #of} has none ({@link #NO_CAS}) and {@code compareAndSwap} refuses it.
 * {@link #withValue} keeps the key, flags, expiration and token, which is how a read-modify-write
 * loop prepares its write. The value array is not copied.
 *
 * <p>A final class rather than a record, for the reason {@link Item} gives; it holds its
 * {@link Item}, which {@link #toItem} returns.
 */
public final class CasItem {
    /** The token of an item that was not read from a server; memcached never hands out 0. */
    public static final long NO_CAS = 0L;

    /** The key, value, flags and expiration, which {@link #toItem} returns as they are. */
    private final Item item;
    private final long cas;

    /**
     * Creates an item with a token, checking the key with {@link Keys#requireValid}.
     *
     * @param key the key
     * @param value the value bytes
     * @param flags the client flags
     * @param expiration the expiration (see {@link Item})
     * @param cas the CAS token, or {@link #NO_CAS}
     * @throws IllegalArgumentException when the key breaks a rule of {@link Keys}
     * @throws NullPointerException when the key or the value is null
     */
    public CasItem(String key, byte[] value, int flags, int expiration, long cas) {
        this(new Item(key, value, flags, expiration), cas);
    }

    private CasItem(Item item, long cas) {
        this.item = item;
        this.cas = cas;
    }

    /** An item whose key the caller already checked with {@link Keys#requireValid}. */
    static CasItem trusted(String checkedKey, byte[] value, int flags, int expiration, long cas) {
        return new CasItem(Item.trusted(checkedKey, value, flags, expiration), cas);
    }

    /**
     * Returns the key.
     *
     * @return the key
     */
    public String key() {
        return item.key();
    }

    /**
     * Returns the value bytes, not a copy.
     *
     * @return the value
     */
    public byte[] value() {
        return item.value();
    }

    /**
     * Returns the client flags.
     *
     * @return the flags, an unsigned 32-bit number held in an int
     */
    public int flags() {
        return item.flags();
    }

    /**
     * Returns the expiration.
     *
     * @return the expiration (see {@link Item})
     */
    public int expiration() {
        return item.expiration();
    }

    /**
     * Returns the CAS token.
     *
     * @return the token, or {@link #NO_CAS}
     */
    public long cas() {
        return cas;
    }

    /**
     * Creates an item without a CAS token.
     *
     * @param key the key
     * @param value the value
     * @param flags the flags
     * @param expiration the expiration
     * @return the item, which {@code compareAndSwap} will refuse until it has a token
     */
    public static CasItem of(String key, byte[] value, int flags, int expiration) {
        return new CasItem(key, value, flags, expiration, NO_CAS);
    }

    /**
     * Tells whether the item carries a token from a server.
     *
     * @return true when {@link #cas()} is not {@link #NO_CAS}
     */
    public boolean hasCas() {
        return cas != NO_CAS;
    }

    /**
     * Returns a copy with another value, keeping key, flags, expiration and token.
     *
     * @param newValue the new value
     * @return the new item
     */
    public CasItem withValue(byte[] newValue) {
        return new CasItem(Item.trusted(item.key(), newValue, item.flags(), item.expiration()), cas);
    }

    /**
     * Returns a copy with another expiration, keeping the rest.
     *
     * @param newExpiration the new expiration
     * @return the new item
     */
    public CasItem withExpiration(int newExpiration) {
        return new CasItem(Item.trusted(item.key(), item.value(), item.flags(), newExpiration), cas);
    }

    /**
     * Returns the plain item, without the token.
     *
     * @return the item, the one this item holds (no copy)
     */
    public Item toItem() {
        return item;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CasItem other && cas == other.cas && item.equals(other.item);
    }

    @Override
    public int hashCode() {
        return item.hashCode() * 31 + Long.hashCode(cas);
    }

    @Override
    public String toString() {
        return "CasItem[key=" + item.key() + ", value=" + item.value().length + " bytes, flags=" + item.flags()
                + ", expiration=" + item.expiration() + ", cas=" + cas + "]";
    }
}
