package io.memcached4j.cli.browser;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FuzzyFilterTest {
    @Test
    void aKeyMatchesWhenItHoldsTheQueryCharactersInOrderIgnoringCase() {
        FuzzyFilter f = new FuzzyFilter("u1Prof");
        assertTrue(f.matches("user:1:profile"));
        assertTrue(f.matches("USER:10:PROFILE"));
        assertFalse(f.matches("user:2:profile"));
        assertFalse(f.matches("profile:u1"), "order counts");
        assertTrue(new FuzzyFilter("").matches("anything"));
    }

    @Test
    void highlightsMarkTheMatchedCharacters() {
        assertArrayEquals(new boolean[] {true, false, true, false}, new FuzzyFilter("ac").highlights("abcd"));
        assertArrayEquals(new boolean[] {false, false}, new FuzzyFilter("z").highlights("ab"));
    }

    @Test
    void aMatchOfALongerQueryIsAMatchOfEachPrefix() {
        String[] keys = {"session:abc", "user:1", "cache/x/y", "a.b.c", "zzz"};
        String query = "s:ab";
        for (int n = 1; n <= query.length(); n++) {
            FuzzyFilter longer = new FuzzyFilter(query.substring(0, n));
            FuzzyFilter shorter = new FuzzyFilter(query.substring(0, n - 1));
            for (String k : keys) {
                assertTrue(!longer.matches(k) || shorter.matches(k), k);
            }
        }
    }
}
