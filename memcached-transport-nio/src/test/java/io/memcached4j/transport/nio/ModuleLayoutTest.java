package io.memcached4j.transport.nio;

import io.memcached4j.MemcachedClient;
import io.memcached4j.core.DispatchingClient;
import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.ProtocolCodecProvider;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module descriptors as the module system applies them: this module's tests run on the module
 * path (see the pom), so the codec contract is reached through client-core's qualified exports and
 * the codec through its {@code uses} and protocol-text's {@code provides}.
 */
class ModuleLayoutTest {

    @Test
    void theTestsRunInsideTheNamedModule() {
        assertEquals("io.memcached4j.transport.nio", ModuleLayoutTest.class.getModule().getName());
    }

    @Test
    void clientCoreExportsItsPackagesOnlyToThePlatformsModules() {
        Module core = ProtocolCodec.class.getModule();
        assertEquals("io.memcached4j.core", core.getName());
        Module nio = NioClient.class.getModule();
        for (String pkg : Set.of("io.memcached4j.core", "io.memcached4j.core.codec", "io.memcached4j.core.tls")) {
            assertFalse(core.isExported(pkg), pkg + " is not exported to every module");
            assertTrue(core.isExported(pkg, nio), pkg + " is exported to the transport");
        }
        assertEquals(core, DispatchingClient.class.getModule());
        assertEquals(Set.of(ProtocolCodecProvider.class.getName()), core.getDescriptor().uses());
    }

    @Test
    void theCodecIsFoundThroughTheModuleDescriptors() {
        ProtocolCodecProvider text = ProtocolCodecProvider.find(null);
        assertEquals("text", text.name());
        assertEquals("io.memcached4j.protocol.text", text.getClass().getModule().getName());
        assertFalse(text.getClass().getModule().isExported(text.getClass().getPackageName()),
                "the codec's package is not exported: it is reached as a service only");
    }

    @Test
    void theApiHoldsNoCodecType() {
        ModuleDescriptor api = MemcachedClient.class.getModule().getDescriptor();
        assertEquals(Set.of("io.memcached4j", "io.memcached4j.spi", "io.memcached4j.transcoder"),
                api.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                        .collect(Collectors.toSet()));
        assertEquals(Map.of("io.memcached4j.internal", Set.of("io.memcached4j.core", "io.memcached4j.protocol.text")),
                api.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                        .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets)),
                "the provider choice and the items made under checked keys are exported to client-core and the"
                        + " text protocol only");
        assertEquals(Set.of("io.memcached4j.spi.TransportProvider", "io.memcached4j.spi.KeyEnumeratorProvider",
                "io.memcached4j.spi.CapabilityDetectorProvider"), api.uses());
    }
}
