package io.memcached4j.protocol.text.server;

import io.memcached4j.spi.ItemSize;

/**
 * memcached's limits on an item, shared by the request parser and a server's cache: the longest
 * key, and the bytes an item accounts for against the item size limit ({@code -I}).
 */
public final class ItemLimits {
    /** Keys longer than this are refused, as memcached's {@code KEY_MAX_LENGTH}. */
    public static final int KEY_MAX_LENGTH = 250;

    private ItemLimits() {
    }

    /**
     * Tells whether memcached refuses an item as too large: header, key, client flags, value and
     * CAS must fit in the item size limit.
     *
     * @param itemSizeMax the item size limit
     * @param keyLength the key length in bytes
     * @param flags the client flags
     * @param valueLength the value length with its CRLF
     * @return true when memcached answers {@code SERVER_ERROR object too large for cache}
     */
    public static boolean isTooLarge(long itemSizeMax, int keyLength, int flags, long valueLength) {
        return itemTotal(keyLength, flags, valueLength) > itemSizeMax;
    }

    /**
     * The bytes memcached accounts for an item ({@code ITEM_ntotal} with CAS), as {@link ItemSize} counts them.
     *
     * @param keyLength the key length in bytes
     * @param flags the client flags (non-zero flags take 4 bytes)
     * @param valueLength the value length with its CRLF
     * @return the total size
     */
    public static long itemTotal(int keyLength, int flags, long valueLength) {
        return ItemSize.total(keyLength, flags, valueLength - 2);
    }
}
