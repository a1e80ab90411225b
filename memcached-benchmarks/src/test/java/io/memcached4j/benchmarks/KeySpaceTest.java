package io.memcached4j.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The keys of a run, untagged, and tagged for two clients taking turns on one server. */
class KeySpaceTest {
    @Test
    void keysAreNumberedAndATagGivesEachClientKeysOfItsOwnOfOneLength() {
        assertEquals("bench:000042", new KeySpace(100, 10).key(42));
        KeySpace baseline = new KeySpace(100, 10, "b");
        KeySpace measured = new KeySpace(100, 10, "m");
        assertEquals("bench-b:000042", baseline.key(42));
        assertEquals("bench-m:000042", measured.key(42));
        assertEquals(baseline.key(7).length(), measured.key(7).length());
    }
}
