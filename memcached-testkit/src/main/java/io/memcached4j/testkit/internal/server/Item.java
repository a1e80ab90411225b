package io.memcached4j.testkit.internal.server;

import io.memcached4j.protocol.text.server.ItemLimits;

/** One cached item, with the metadata memcached keeps. Guarded by the engine's lock. */
final class Item {
    final String key;
    final int flags;
    byte[] value;
    /** Expiration in server-relative seconds; 0 = never. */
    int exptime;
    /** Last access in server-relative seconds. */
    int time;
    long cas;
    boolean fetched;
    boolean stale;
    boolean tokenSent;
    final boolean binaryKey;

    Item(String key, int flags, byte[] value, int exptime, int time, boolean binaryKey) {
        this.key = key;
        this.flags = flags;
        this.value = value;
        this.exptime = exptime;
        this.time = time;
        this.binaryKey = binaryKey;
    }

    /** @return memcached's {@code ITEM_ntotal}: header, key, flags, value with CRLF, CAS */
    long total() {
        return ItemLimits.itemTotal(key.length(), flags, value.length + 2L);
    }
}
