package io.memcached4j.micrometer;

import io.memcached4j.ServerAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class IdentityFirstMapTest {
    private final List<ServerAddress> made = new ArrayList<>();
    private final IdentityFirstMap<ServerAddress, String> map = new IdentityFirstMap<>() {
        @Override
        String make(ServerAddress key) {
            made.add(key);
            return "meters of " + key;
        }
    };

    @Test
    void equalKeysGetTheOneValueMadeOnce() {
        ServerAddress a = new ServerAddress("10.0.0.1", 11211);
        ServerAddress same = new ServerAddress("10.0.0.1", 11211);
        assertNotSame(a, same);
        String value = map.get(a);
        assertSame(value, map.get(a));
        assertSame(value, map.get(same), "an equal key object finds the same value");
        assertSame(value, map.get(same));
        assertEquals(List.of(a), made);
    }

    @Test
    void manyKeyObjectsAreAllFound() {
        List<ServerAddress> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // more than it keeps by identity
            keys.add(new ServerAddress("10.0.0." + i, 11211));
        }
        for (ServerAddress key : keys) {
            assertEquals("meters of " + key, map.get(key));
        }
        for (ServerAddress key : keys) {
            assertEquals("meters of " + key, map.get(new ServerAddress(key.host(), key.port())));
        }
        assertEquals(keys, made);
    }

    @Test
    void aRemovedValueIsMadeAgainOnlyWhenItWasTheKeysValue() {
        ServerAddress a = new ServerAddress("10.0.0.1", 11211);
        String first = map.get(a);
        map.remove(new ServerAddress("10.0.0.1", 11211), "another value");
        assertSame(first, map.get(a), "not its value: nothing removed");
        map.remove(a, first);
        assertEquals(List.of(), List.copyOf(map.values()));
        String second = map.get(a);
        assertNotSame(first, second, "made again, not found by identity");
        assertEquals(List.of(a, a), made);
        assertEquals(List.of(second), List.copyOf(map.values()));
    }
}
