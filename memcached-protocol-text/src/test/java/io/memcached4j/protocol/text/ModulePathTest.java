package io.memcached4j.protocol.text;

import io.memcached4j.core.codec.ProtocolCodecProvider;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * This module's unit tests run on the module path (see the pom), patched into the named module: the
 * codec is found through client-core's {@code uses} and this module's {@code provides}.
 */
class ModulePathTest {

    @Test
    void theCodecIsProvidedByTheNamedModuleWhichExportsOnlyItsServerSideToTheTestkit() {
        Module text = ModulePathTest.class.getModule();
        assertEquals("io.memcached4j.protocol.text", text.getName());
        assertInstanceOf(TextProtocolCodecProvider.class, ProtocolCodecProvider.find("text"));
        assertFalse(text.isExported("io.memcached4j.protocol.text"));
        assertFalse(text.isExported("io.memcached4j.protocol.text.server"));
        assertEquals(Set.of("io.memcached4j.testkit"), text.getDescriptor().exports().stream()
                .flatMap(e -> e.targets().stream()).collect(Collectors.toSet()));
    }
}
