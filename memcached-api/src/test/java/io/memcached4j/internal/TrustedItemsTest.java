package io.memcached4j.internal;

import io.memcached4j.CasItem;
import io.memcached4j.Item;

import java.lang.reflect.Modifier;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrustedItemsTest {

    @Test
    void makesTheItemsTheCheckingConstructorsMakeUnderTheSameKeyString() {
        String key = new String("user:42");
        byte[] value = {1, 2, 3};
        Item item = TrustedItems.item(key, value, 7, 0);
        assertEquals(new Item("user:42", new byte[]{1, 2, 3}, 7, 0), item);
        assertSame(key, item.key(), "the request's own key string, not a copy");
        assertSame(value, item.value());
        CasItem casItem = TrustedItems.casItem(key, value, 7, 0, 99);
        assertEquals(new CasItem("user:42", new byte[]{1, 2, 3}, 7, 0, 99), casItem);
        assertSame(key, casItem.key());
        assertEquals(item, casItem.toItem());
    }

    @Test
    void checksNoKeyButStillRefusesANullValue() {
        // the contract: the caller checked the key; so a key that breaks the rules is not seen here
        assertEquals("two words", TrustedItems.item("two words", new byte[0], 0, 0).key());
        assertThrows(NullPointerException.class, () -> TrustedItems.item("k", null, 0, 0));
        assertThrows(NullPointerException.class, () -> TrustedItems.casItem("k", null, 0, 0, 1));
    }

    @Test
    void thePublicConstructorsStillCheckTheKey() {
        assertThrows(IllegalArgumentException.class, () -> new Item("two words", new byte[0], 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CasItem("line\r\nbreak", new byte[0], 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Item.of("", new byte[0]));
        assertThrows(NullPointerException.class, () -> CasItem.of(null, new byte[0], 0, 0));
    }

    @Test
    void theFactoryIsInstalledOnceByItemAndCannotBeReplaced() {
        Item.of("k", new byte[0]);
        assertThrows(IllegalStateException.class, () -> TrustedItems.install(null));
        assertEquals(new Item("k", new byte[0], 0, 0), TrustedItems.item("k", new byte[0], 0, 0));
    }

    @Test
    void itemsAreFinalClassesNotRecordsSoThatOnlyThisPathSkipsTheCheck() {
        for (Class<?> type : new Class<?>[]{Item.class, CasItem.class}) {
            assertFalse(type.isRecord(), type + " is no record: a record's canonical constructor would check every key");
            assertTrue(Modifier.isFinal(type.getModifiers()), type + " is final");
        }
    }
}
