package io.memcached4j.testkit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** This module's unit tests run on the module path (see the pom), patched into the named module. */
class ModulePathTest {

    @Test
    void theTestsRunInsideTheNamedModuleWhoseInternalsAreNotExported() {
        Module testkit = ModulePathTest.class.getModule();
        assertEquals("io.memcached4j.testkit", testkit.getName());
        assertTrue(testkit.isExported("io.memcached4j.testkit"));
        assertFalse(testkit.isExported("io.memcached4j.testkit.internal.server"));
        assertFalse(testkit.isExported("io.memcached4j.testkit.internal.inmem"));
    }
}
