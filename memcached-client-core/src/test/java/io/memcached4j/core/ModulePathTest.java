package io.memcached4j.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** This module's unit tests run on the module path (see the pom), patched into the named module. */
class ModulePathTest {

    @Test
    void theTestsRunInsideTheNamedModuleWhichExportsNothingToEveryone() {
        Module core = ModulePathTest.class.getModule();
        assertEquals("io.memcached4j.core", core.getName());
        assertFalse(core.isExported("io.memcached4j.core"));
        assertFalse(core.isExported("io.memcached4j.core.codec"));
    }
}
