package io.memcached4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The repeated keys of a multi-get are dropped, first occurrences kept in order, however many keys and hash codes. */
class DistinctKeysTest {

    /** What {@link DistinctKeys#keepFirst} must leave at the front of the array. */
    private static List<String> expected(String[] keys) {
        return new ArrayList<>(new LinkedHashSet<>(Arrays.asList(keys)));
    }

    private static void check(String[] keys) {
        List<String> want = expected(keys);
        String[] work = keys.clone();
        int count = DistinctKeys.keepFirst(work);
        assertEquals(want, Arrays.asList(work).subList(0, count));
    }

    @Test
    void fewKeysAreScanned() {
        check(new String[0]);
        check(new String[] {"a"});
        check(new String[] {"b", "a", "b", "c", "a", "b"});
        check(new String[] {"a", "a", "a", "a", "a", "a", "a", "a"});
    }

    @Test
    void manyKeysGoThroughTheTable() {
        Random random = new Random(7);
        for (int size : new int[] {9, 10, 100, 1_000, 10_000}) {
            String[] keys = new String[size];
            for (int i = 0; i < size; i++) {
                keys[i] = "key:" + random.nextInt(size); // about a third repeated
            }
            check(keys);
            String[] distinct = new String[size];
            for (int i = 0; i < size; i++) {
                distinct[i] = "bench:" + i;
            }
            check(distinct);
            check(new String(new char[size]).replace("\0", "x ").split(" ")); // one key, size times
        }
    }

    @Test
    void keysThatShareAHashCodeFallBackToASetAndKeepTheirOrder() {
        // "Aa" and "BB" share a hash code, so do all 2^12 words of 12 such pairs: every key collides
        List<String> colliding = new ArrayList<>();
        colliding.add("");
        for (int round = 0; round < 12; round++) {
            List<String> next = new ArrayList<>();
            for (String prefix : colliding) {
                next.add(prefix + "Aa");
                next.add(prefix + "BB");
            }
            colliding = next;
        }
        assertEquals(1, colliding.stream().mapToInt(String::hashCode).distinct().count());
        List<String> keys = new ArrayList<>(colliding);
        keys.addAll(colliding.subList(0, 100)); // repeats after the fallback
        keys.add(0, "first");
        keys.add(1, "first");
        check(keys.toArray(new String[0]));
    }
}
