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
}
