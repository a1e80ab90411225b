package io.memcached4j;

import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CasItemTest {

    @Test
    void userBuiltItemHasNoToken() {
        CasItem item = CasItem.of("k", "v".getBytes(UTF_8), 3, 60);
        assertFalse(item.hasCas());
        assertEquals(CasItem.NO_CAS, item.cas());
    }

    @Test
    void withValueKeepsEverythingButTheValue() {
        CasItem read = new CasItem("k", "old".getBytes(UTF_8), 42, 600, 987654321L);
        CasItem changed = read.withValue("new".getBytes(UTF_8));
        assertEquals("k", changed.key());
        assertEquals(42, changed.flags());
        assertEquals(600, changed.expiration());
        assertEquals(987654321L, changed.cas());
        assertTrue(changed.hasCas());
        assertArrayEquals("new".getBytes(UTF_8), changed.value());
        assertArrayEquals("old".getBytes(UTF_8), read.value(), "the original is unchanged");
    }

    @Test
    void toItemDropsTheToken() {
        CasItem read = new CasItem("k", "v".getBytes(UTF_8), 7, 30, 5L);
        assertEquals(new Item("k", "v".getBytes(UTF_8), 7, 30), read.toItem());
    }

    @Test
    void equalityComparesValueContents() {
        assertEquals(new CasItem("k", new byte[]{1, 2}, 0, 0, 1), new CasItem("k", new byte[]{1, 2}, 0, 0, 1));
        assertEquals(new CasItem("k", new byte[]{1, 2}, 0, 0, 1).hashCode(),
                new CasItem("k", new byte[]{1, 2}, 0, 0, 1).hashCode());
        assertNotEquals(new CasItem("k", new byte[]{1, 2}, 0, 0, 1), new CasItem("k", new byte[]{1, 2}, 0, 0, 2));
    }
}
