package io.memcached4j.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {
    @Test
    void aYesOrNoFlagIsFalseWhenAbsentAndRefusesAnyOtherWord() {
        Options options = Options.parse(new String[] {"--control", "yes", "--turns", "no", "--other", "maybe"},
                "control", "turns", "other", "absent");
        assertTrue(options.yes("control"));
        assertFalse(options.yes("turns"));
        assertFalse(options.yes("absent"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> options.yes("other"));
        assertEquals("--other is yes or no, was maybe", e.getMessage());
    }

    @Test
    void aPositiveNumberHasItsFallbackWhenAbsentAndRefusesZeroNegativeAndInfinity() {
        Options options = Options.parse(new String[] {"--floor", "0.9", "--zero", "0", "--below", "-1", "--huge", "Infinity"},
                "floor", "zero", "below", "huge", "absent");
        assertEquals(0.9, options.positive("floor", 1.0));
        assertEquals(1.25, options.positive("absent", 1.25));
        for (String name : new String[] {"zero", "below", "huge"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> options.positive(name, 1.0));
            assertTrue(e.getMessage().startsWith("--" + name + " must be a positive number, was "), e.getMessage());
        }
    }
}
