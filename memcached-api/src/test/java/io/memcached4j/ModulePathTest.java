package io.memcached4j;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** This module's unit tests run on the module path (see the pom), patched into the named module. */
class ModulePathTest {

    @Test
    void theTestsRunInsideTheNamedModule() {
        assertEquals("io.memcached4j", ModulePathTest.class.getModule().getName());
    }
}
