package io.memcached4j.micrometer;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Values made on first use, one per key, found first by the key object's identity in a small
 * array: the client passes the same objects (a server's address, a command word) on every request,
 * so a hit costs a few reference comparisons, never a hash (a record hashes its fields every time).
 * Keys equal but not identical find the same value through a map, and are remembered then.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
abstract class IdentityFirstMap<K, V> {
    /** How many key objects {@link #recent} keeps. */
    private static final int RECENT = 16;

    private final ConcurrentHashMap<K, V> all = new ConcurrentHashMap<>();
    /** Key objects and their values, alternately, the latest first; copied on write. */
    private volatile Object[] recent = new Object[0];

    /** Makes the value of a key met for the first time; called once per equal key. */
    abstract V make(K key);

    /** @return the value of the key, made if need be */
    @SuppressWarnings("unchecked") // recent holds a V after each K
    final V get(K key) {
        Object[] r = recent;
        for (int i = 0; i < r.length; i += 2) {
            if (r[i] == key) {
                return (V) r[i + 1];
            }
        }
        V value = all.get(key);
        if (value == null) {
            value = all.computeIfAbsent(key, this::make);
        }
        remember(key, value);
        return value;
    }

    /** @return every value made and not removed */
    final Collection<V> values() {
        return all.values();
    }

    /**
     * Removes a key's value, so that the next {@link #get} of an equal key makes a new one.
     *
     * @param key the key
     * @param value its value: nothing is removed when the key has another
     */
    final synchronized void remove(K key, V value) {
        if (!all.remove(key, value)) {
            return;
        }
        Object[] now = recent;
        Object[] next = new Object[now.length];
        int n = 0;
        for (int i = 0; i < now.length; i += 2) {
            if (now[i + 1] != value) {
                next[n++] = now[i];
                next[n++] = now[i + 1];
            }
        }
        recent = Arrays.copyOf(next, n);
    }

    private synchronized void remember(K key, V value) {
        if (all.get(key) != value) { // removed meanwhile
            return;
        }
        Object[] now = recent;
        for (int i = 0; i < now.length; i += 2) {
            if (now[i] == key) {
                return;
            }
        }
        Object[] next = new Object[Math.min(2 * RECENT, now.length + 2)];
        next[0] = key;
        next[1] = value;
        System.arraycopy(now, 0, next, 2, next.length - 2);
        recent = next;
    }

    @Override
    public String toString() {
        return "IdentityFirstMap" + Arrays.toString(recent);
    }
}
