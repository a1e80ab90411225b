package io.memcached4j.core;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Drops the repeated keys of a multi-get in place, keeping first occurrences in order, with one
 * array as the table (open addressing on the keys' hash codes) rather than a {@link HashSet}'s
 * entry per key. Keys made to share hash codes cannot make it quadratic: past a budget of probes
 * the rest is done with a {@link HashSet}, which copes with them.
 */
final class DistinctKeys {
    /** Up to this many keys, each is compared with those kept before it: no table at all. */
    private static final int SCAN_LIMIT = 8;
    /** Above this many keys the table would not fit an array: a {@link HashSet} does it all. */
    private static final int TABLE_LIMIT = 1 << 28;

    private DistinctKeys() {
    }

    /**
     * Moves the first occurrence of each distinct key to the front of the array, in their order.
     *
     * @param keys the keys, none null
     * @return how many distinct keys the array now starts with
     */
    static int keepFirst(String[] keys) {
        int n = keys.length;
        if (n <= SCAN_LIMIT) {
            return scan(keys);
        }
        if (n > TABLE_LIMIT) {
            return withSet(keys, 0, 0);
        }
        int bits = 32 - Integer.numberOfLeadingZeros(2 * n - 1); // at least 2n slots: half empty at most
        String[] table = new String[1 << bits];
        int mask = table.length - 1;
        long budget = 4L * n + 16; // linear probing in a half-empty table takes about one extra probe per key
        int count = 0;
        for (int i = 0; i < n; i++) {
            String key = keys[i];
            int hash = key.hashCode();
            int slot = (hash * 0x9E3779B9) >>> (32 - bits); // Fibonacci hashing: the high bits of the product
            boolean repeated = false;
            for (String there; (there = table[slot]) != null; slot = (slot + 1) & mask) {
                if (there.hashCode() == hash && there.equals(key)) {
                    repeated = true;
                    break;
                }
                if (--budget < 0) {
                    return withSet(keys, i, count);
                }
            }
            if (!repeated) {
                table[slot] = key;
                keys[count++] = key;
            }
        }
        return count;
    }

    /** The keys compared with each one kept before: for a few keys, cheaper than any table. */
    private static int scan(String[] keys) {
        int count = 0;
        next:
        for (String key : keys) {
            for (int j = 0; j < count; j++) {
                if (keys[j].equals(key)) {
                    continue next;
                }
            }
            keys[count++] = key;
        }
        return count;
    }

    /** Goes on from key {@code from}, the first {@code count} keys being the distinct ones before it. */
    private static int withSet(String[] keys, int from, int count) {
        Set<String> seen = new HashSet<>(Arrays.asList(keys).subList(0, count));
        for (int i = from; i < keys.length; i++) {
            String key = keys[i];
            if (seen.add(key)) {
                keys[count++] = key;
            }
        }
        return count;
    }
}
