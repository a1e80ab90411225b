package io.memcached4j.testkit.internal.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StandaloneMainTest {

    @Test
    void sizesReadLikeMemcachedsFlags() {
        assertEquals(64L * 1024 * 1024, StandaloneMain.size("64", 1024 * 1024), "-m is in megabytes");
        assertEquals(2L * 1024 * 1024, StandaloneMain.size("2m", 1), "-I accepts a suffix");
        assertEquals(512L * 1024, StandaloneMain.size("512K", 1));
        assertEquals(1L << 30, StandaloneMain.size("1g", 1));
        assertEquals(4096L, StandaloneMain.size("4096", 1));
        assertThrows(NumberFormatException.class, () -> StandaloneMain.size("lots", 1));
    }

    @Test
    void slabClassesGrowByMemcachedsFactor() {
        SlabClasses classes = new SlabClasses(1024 * 1024);
        assertEquals(39, classes.largest(), "memcached 1.6.18 -m 64 has 39 classes");
        assertEquals(96, classes.chunkSize(1));
        assertEquals(120, classes.chunkSize(2));
        assertEquals(152, classes.chunkSize(3));
        assertEquals(240, classes.chunkSize(5));
        assertEquals(524288, classes.chunkSize(39));
        assertEquals(1, classes.classOf(66));
        assertEquals(4, classes.classOf(162));
        assertEquals(39, classes.classOf(1048576), "chunked items belong to the largest class");
    }

    @Test
    void keysAreUriEncodedAsMemcachedDoes() {
        assertEquals("a%25b%3Ac%2F%E9%01~._-Z9", Dumps.uriEncode("a%b:c/\u00e9\u0001~._-Z9"));
    }
}
