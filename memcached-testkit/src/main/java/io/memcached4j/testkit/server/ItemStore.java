package io.memcached4j.testkit.server;

import io.memcached4j.protocol.text.server.MemcachedNumbers;
import io.memcached4j.protocol.text.server.ServerRequest.StoreMode;
import io.memcached4j.protocol.text.server.ServerRequestParser;

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
 * {@code do_add_delta} (incr/decr in place with space padding). Commands build on it; it answers
 * no request itself. Guarded by the engine's lock.
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

    /** memcached's {@code do_item_get} without the bump: null when absent, expired or flushed. */
    Item lookup(String key) {
        Item it = items.get(key);
        if (it == null) {
            return null;
        }
        if (isFlushed(it)) {
            unlink(it);
            stats.getFlushed++;
            return null;
        }
        if (it.exptime != 0 && it.exptime <= time.now()) {
            unlink(it);
            stats.getExpired++;
            if (!it.fetched) {
                stats.expiredUnfetched++;
            }
            stats.reclaimed++;
            return null;
        }
        return it;
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
            lru.remove();
            usedBytes -= slabs.footprint(victim.total());
            itemBytes -= victim.total();
            if (victim.exptime != 0 && victim.exptime <= time.now()) {
                stats.reclaimed++;
            } else {
                stats.evictions++;
                if (!victim.fetched) {
                    stats.evictedUnfetched++;
                }
            }
        }
        if (usedBytes + footprint > settings.maxBytes()) {
            return false;
        }
        it.cas = nextCas();
        it.time = (int) time.now();
        items.put(it.key, it);
        usedBytes += footprint;
        itemBytes += it.total();
        stats.totalItems++;
        return true;
    }

    /** @return a new CAS value */
    long nextCas() {
        return ++casCounter;
    }

    private boolean tooLarge(String key, int flags, long valueLength) {
        return ServerRequestParser.isTooLarge(settings.itemSizeMax(), key.length(), flags, valueLength + 2);
    }

    /** memcached's {@code do_store_item}; returns STORED, NOT_STORED, EXISTS or NOT_FOUND. */
    String store(Item it, StoreMode mode, long casIn, boolean casStale) {
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
                    if (casMatch) {
                        stats.casHits++;
                    } else if (casStaleMatch) {
                        it.exptime = old.exptime;
                        it.stale = true;
                        it.tokenSent = old.tokenSent;
                        stats.casHits++;
                    } else {
                        stats.casBadval++;
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
            stats.incrHits++;
        } else {
            v = Long.compareUnsigned(delta, v) > 0 ? 0 : v - delta;
            stats.decrHits++;
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

    /** Unlinks every expired or flushed item, as memcached's LRU crawler does in the background. */
    void reclaimDead() {
        long now = time.now();
        for (Item it : new ArrayList<>(items.values())) {
            if (isFlushed(it) || (it.exptime != 0 && it.exptime <= now)) {
                unlink(it);
                stats.reclaimed++;
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
