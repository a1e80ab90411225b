package io.memcached4j.spi;

/**
 * How memcached 1.6.18 sizes an item against its limit ({@code -I}, {@code item_size_max}): the
 * item header (48 bytes on a 64-bit server, plus 8 for the CAS value unless started with
 * {@code -C}), the key and its terminating NUL, 4 bytes of client flags when they are not 0, and
 * the value with its CRLF ({@code item_size_ok} and {@code item_make_header} in memcached's
 * {@code items.c}). The client's check and the fake server both use it.
 */
public final class ItemSize {
    /** The item header with CAS on a 64-bit memcached: {@code sizeof(item)} 48 + 8. */
    public static final int HEADER_BYTES = 48 + 8;

    private ItemSize() {
    }

    /**
     * Returns the size memcached accounts for an item.
     *
     * @param keyBytes the key's length in bytes (a binary key's decoded length)
     * @param clientFlags the client flags
     * @param valueBytes the value's length, without its CRLF
     * @return the bytes compared with {@code item_size_max}
     */
    public static long total(int keyBytes, int clientFlags, long valueBytes) {
        return HEADER_BYTES + keyBytes + 1L + (clientFlags == 0 ? 0 : 4) + valueBytes + 2;
    }

    /**
     * Tells whether memcached with a given item size limit stores an item.
     *
     * @param itemSizeMax the server's {@code -I} in bytes
     * @param keyBytes the key's length in bytes
     * @param clientFlags the client flags
     * @param valueBytes the value's length
     * @return false when memcached answers {@code SERVER_ERROR object too large for cache}
     */
    public static boolean fits(long itemSizeMax, int keyBytes, int clientFlags, long valueBytes) {
        return total(keyBytes, clientFlags, valueBytes) <= itemSizeMax;
    }
}
