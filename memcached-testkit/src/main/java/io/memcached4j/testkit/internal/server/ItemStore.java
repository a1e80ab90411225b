package io.memcached4j.testkit.internal.server;

import io.memcached4j.protocol.text.server.ItemLimits;
import io.memcached4j.protocol.text.server.MemcachedNumbers;
import io.memcached4j.protocol.text.server.ServerRequest.StoreMode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The items of the fake server, modelled on memcached 1.6.18's {@code items.c}: lazy expiry and
 * flush, the CAS counter, LRU eviction under the memory limit, {@code do_store_item} and
 * {@code do_add_delta} (incr/decr in place with space padding), with every item accounted in its
 * {@link SlabClass}. Commands build on it; it answers no request itself. Guarded by the engine's
 * lock.
 *
 * <p>memcached's LRU maintainer reclaims dead (expired or flushed) items in the background,
 * typically within a second; a request that meets a dead item first counts it as
 * {@code get_expired} or {@code get_flushed}. The fake has no background thread: it counts an item
 * dead for a whole second as reclaimed by the maintainer, whenever it next meets it, and one
 * dead for less as met by the request.
 */
final class ItemStore {
    private final EngineSettings settings;
    private final ProcessTime time;
    private final Stats stats;
    private final SlabClasses slabs;
    /** Least recently used first. */
    private final LinkedHashMap<String, Item> items = new LinkedHashMap<>();
    private long casCounter;
    private long oldestLive;
    private long oldestCas;
    private long usedBytes;
    private long itemBytes;

    ItemStore(EngineSettings settings, ProcessTime time, Stats stats) {
        this.settings = settings;
        this.time = time;
        this.stats = stats;
        this.slabs = new SlabClasses(settings.itemSizeMax());
    }

    /** The seconds a dead item counts as met by requests before the background would have reclaimed it. */
    static final int BACKGROUND_RECLAIM_DELAY = 1;

    private boolean isExpired(Item it) {
        return it.exptime != 0 && it.exptime <= time.now();
    }

    private boolean isFlushed(Item it) {
        long now = time.now();
        if (oldestLive == 0 || oldestLive > now) {
            return false;
        }
        return it.time <= oldestLive || (oldestCas != 0 && it.cas != 0 && it.cas < oldestCas);
    }

    /** @return the item stored under the key, live or not, without touching it */
    Item peek(String key) {
        return items.get(key);
    }

    /** @return the slab class a linked item is in */
    SlabClass classOf(Item it) {
        return slabs.of(it.total());
    }

    /** memcached's {@code do_item_get} without the bump: null when absent, expired or flushed. */
    Item lookup(String key) {
        Item it = items.get(key);
        if (it == null) {
            return null;
        }
        boolean flushed = isFlushed(it);
        if (!flushed && !isExpired(it)) {
            return it;
        }
        if (deadSince(it, flushed) <= time.now() - BACKGROUND_RECLAIM_DELAY) {
            reclaim(it);
        } else {
            unlink(it);
            if (flushed) {
                stats.getFlushed++;
            } else {
                stats.getExpired++;
            }
        }
        return null;
    }

    /** @return when a dead item died: its expiration or the flush, or its last access if that came later */
    private long deadSince(Item it, boolean flushed) {
        return Math.max(it.time, flushed ? oldestLive + 1 : it.exptime);
    }

    /** memcached's {@code lru_pull_tail} meeting a dead item: reclaimed, and counted so in its class. */
    private void reclaim(Item it) {
        SlabClass c = slabs.of(it.total());
        c.reclaimed++;
        if (!it.fetched) {
            c.expiredUnfetched++;
        }
        unlink(it);
    }

    /** memcached's {@code do_item_bump} on a fetch. */
    void bump(Item it) {
        if (!it.fetched) {
            it.fetched = true;
        } else {
            it.time = (int) time.now();
        }
        items.remove(it.key);
        items.put(it.key, it);
    }

    /** memcached's {@code do_item_update}: the access time moves at most once a minute. */
    void bumpOnUpdate(Item it) {
        if (it.time < time.now() - ProcessTime.ITEM_UPDATE_INTERVAL) {
            it.time = (int) time.now();
        }
    }

    void unlink(Item it) {
        if (items.remove(it.key) == it) {
            usedBytes -= slabs.footprint(it.total());
            itemBytes -= it.total();
            slabs.free(it.total());
        }
    }

    /** Unlinks the item stored under the key, if any, live or not. */
    void remove(String key) {
        Item old = items.get(key);
        if (old != null) {
            unlink(old);
        }
    }

    /** Links a new item (replacing any old one), with a fresh CAS value; false when it cannot fit. */
    boolean link(Item it) {
        remove(it.key);
        long footprint = slabs.footprint(it.total());
        Iterator<Item> lru = items.values().iterator();
        while (usedBytes + footprint > settings.maxBytes() && lru.hasNext()) {
            Item victim = lru.next();
            SlabClass c = slabs.of(victim.total());
            if (isExpired(victim) || isFlushed(victim)) {
                c.reclaimed++;
                if (!victim.fetched) {
                    c.expiredUnfetched++;
                }
            } else {
                c.evicted++;
                if (victim.exptime != 0) {
                    c.evictedNonzero++;
                }
                if (!victim.fetched) {
                    c.evictedUnfetched++;
                }
            }
            lru.remove();
            usedBytes -= slabs.footprint(victim.total());
            itemBytes -= victim.total();
            slabs.free(victim.total());
        }
        if (usedBytes + footprint > settings.maxBytes()) {
            slabs.of(it.total()).outOfMemory++;
            return false;
        }
        it.cas = nextCas();
        it.time = (int) time.now();
        items.put(it.key, it);
        usedBytes += footprint;
        itemBytes += it.total();
        slabs.allocate(it.total());
        stats.totalItems++;
        return true;
    }

    /** @return a new CAS value */
    long nextCas() {
        return ++casCounter;
    }

    private boolean tooLarge(String key, int flags, long valueLength) {
        return ItemLimits.isTooLarge(settings.itemSizeMax(), key.length(), flags, valueLength + 2);
    }

    /**
     * A storage command: memcached allocates the new item (its class counts the {@code cmd_set})
     * and then runs {@code do_store_item}.
     *
     * @return STORED, NOT_STORED, EXISTS, NOT_FOUND or the SERVER_ERROR of a full cache
     */
    String store(Item it, StoreMode mode, long casIn, boolean casStale) {
        slabs.reserve(it.total());
        slabs.of(it.total()).setCmds++;
        Item old = lookup(it.key);
        if (old != null) {
            boolean casNone = casIn == 0;
            boolean casMatch = !casNone && casIn == old.cas;
            boolean casStaleMatch = !casNone && !casMatch && casStale && Long.compareUnsigned(casIn, old.cas) < 0;
            switch (mode) {
                case ADD -> {
                    bumpOnUpdate(old);
                    return "NOT_STORED";
                }
                case CAS -> {
                    SlabClass c = slabs.of(old.total());
                    if (casMatch) {
                        c.casHits++;
                    } else if (casStaleMatch) {
                        it.exptime = old.exptime;
                        it.stale = true;
                        it.tokenSent = old.tokenSent;
                        c.casHits++;
                    } else {
                        c.casBadval++;
                        return "EXISTS";
                    }
                }
                case APPEND, PREPEND -> {
                    if (!casNone && !casMatch) {
                        return "EXISTS";
                    }
                    byte[] joined = new byte[old.value.length + it.value.length];
                    byte[] first = mode == StoreMode.APPEND ? old.value : it.value;
                    byte[] second = mode == StoreMode.APPEND ? it.value : old.value;
                    System.arraycopy(first, 0, joined, 0, first.length);
                    System.arraycopy(second, 0, joined, first.length, second.length);
                    if (tooLarge(old.key, old.flags, joined.length)) {
                        return "NOT_STORED";
                    }
                    Item combined = new Item(old.key, old.flags, joined, old.exptime, (int) time.now(), old.binaryKey);
                    return link(combined) ? "STORED" : "SERVER_ERROR out of memory storing object";
                }
                default -> {
                    // SET and REPLACE store
                }
            }
            return link(it) ? "STORED" : "SERVER_ERROR out of memory storing object";
        }
        switch (mode) {
            case ADD, SET -> {
                return link(it) ? "STORED" : "SERVER_ERROR out of memory storing object";
            }
            case CAS -> {
                stats.casMisses++;
                return "NOT_FOUND";
            }
            default -> {
                return "NOT_STORED";
            }
        }
    }

    /** The outcome of memcached's {@code do_add_delta}. */
    enum Delta { OK, NON_NUMERIC, NOT_FOUND, CAS_MISMATCH }

    /**
     * memcached's {@code do_add_delta}: adds to or subtracts from a decimal value, in place when the
     * new number fits, else in a new item.
     *
     * @param result receives the new value when the outcome is {@link Delta#OK}
     */
    Delta addDelta(String key, boolean incr, long delta, long casIn, long[] result) {
        Item it = lookup(key);
        if (it == null) {
            return Delta.NOT_FOUND;
        }
        if (it.value.length == 0 || tooLargeForNumber(it)) {
            return Delta.NON_NUMERIC;
        }
        if (casIn != 0 && it.cas != casIn) {
            return Delta.CAS_MISMATCH;
        }
        Long value = MemcachedNumbers.parseUnsigned64(new String(it.value, StandardCharsets.ISO_8859_1) + "\r");
        if (value == null) {
            return Delta.NON_NUMERIC;
        }
        long v = value;
        if (incr) {
            v += delta;
            slabs.of(it.total()).incrHits++;
        } else {
            v = Long.compareUnsigned(delta, v) > 0 ? 0 : v - delta;
            slabs.of(it.total()).decrHits++;
        }
        byte[] digits = Long.toUnsignedString(v).getBytes(StandardCharsets.US_ASCII);
        if (digits.length <= it.value.length) {
            byte[] padded = new byte[it.value.length];
            Arrays.fill(padded, (byte) ' ');
            System.arraycopy(digits, 0, padded, 0, digits.length);
            it.value = padded;
            it.cas = nextCas();
            bumpOnUpdate(it);
        } else {
            Item replacement = new Item(it.key, it.flags, digits, it.exptime, (int) time.now(), it.binaryKey);
            link(replacement);
        }
        result[0] = v;
        return Delta.OK;
    }

    private static boolean tooLargeForNumber(Item it) {
        return it.total() > SlabClasses.PAGE_SIZE / 2; // chunked items are never numeric
    }

    /** memcached's {@code flush_all}: items older than the moment {@code delay} names become invisible. */
    void flush(long delay) {
        long newOldest = delay > 0 ? time.realtime(delay) : time.now();
        oldestLive = newOldest - 1;
        if (oldestLive <= time.now()) {
            oldestCas = nextCas();
        }
    }

    /** Reclaims every dead item, as memcached's LRU crawler does while it walks the items for a dump. */
    void reclaimDead() {
        for (Item it : new ArrayList<>(items.values())) {
            if (isFlushed(it) || isExpired(it)) {
                reclaim(it);
            }
        }
    }

    /** Reclaims the items dead for {@link #BACKGROUND_RECLAIM_DELAY}, as the LRU maintainer would have by now. */
    void reclaimInBackground() {
        long deadline = time.now() - BACKGROUND_RECLAIM_DELAY;
        for (Item it : new ArrayList<>(items.values())) {
            boolean flushed = isFlushed(it);
            if ((flushed || isExpired(it)) && deadSince(it, flushed) <= deadline) {
                reclaim(it);
            }
        }
    }

    /** @return the items, least recently used first (a read-only view) */
    Collection<Item> items() {
        return Collections.unmodifiableCollection(items.values());
    }

    int size() {
        return items.size();
    }

    SlabClasses slabs() {
        return slabs;
    }

    long itemBytes() {
        return itemBytes;
    }

    long casCounter() {
        return casCounter;
    }

    long oldestLive() {
        return oldestLive;
    }
}
