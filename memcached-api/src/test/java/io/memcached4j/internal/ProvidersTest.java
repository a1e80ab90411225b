package io.memcached4j.internal;

import io.memcached4j.ClientConfig;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.spi.TransportProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Provider lookup, with the registrations of src/test/resources/scenarios/NAME made visible
 * through the thread context class loader, as an application's class path would.
 */
class ProvidersTest {
    private static final ClientConfig CONFIG = ClientConfig.builder().servers("127.0.0.1:11211").build();
    private final ClassLoader original = Thread.currentThread().getContextClassLoader();

    @AfterEach
    void restore() {
        Thread.currentThread().setContextClassLoader(original);
        System.clearProperty(Memcached.TRANSPORT_PROPERTY);
    }

    @Test
    void noProviderNamesTheArtifactToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Memcached.connect("127.0.0.1:11211"));
        assertTrue(e.getMessage().contains("io.memcached4j:memcached-transport-nio"), e.getMessage());
        MemcachedClient client = new LowTransport().connect(CONFIG);
        IllegalStateException enumerator = assertThrows(IllegalStateException.class, () -> Memcached.keyEnumerator(client));
        assertTrue(enumerator.getMessage().contains("memcached-enumeration"), enumerator.getMessage());
        IllegalStateException detector = assertThrows(IllegalStateException.class, () -> Memcached.capabilityDetector(client));
        assertTrue(detector.getMessage().contains("memcached-enumeration"), detector.getMessage());
    }

    @Test
    void aNullClientIsRefusedBeforeTheLookup() {
        assertThrows(NullPointerException.class, () -> Memcached.keyEnumerator(null));
        assertThrows(NullPointerException.class, () -> Memcached.capabilityDetector(null));
    }

    @Test
    void theOnlyProviderIsUsed() {
        useScenario("one");
        try (MemcachedClient client = Memcached.connect("127.0.0.1:11211")) {
            assertEquals("low:127.0.0.1:11211", client.address());
        }
    }

    @Test
    void severalProvidersPickTheHighestPriority() {
        useScenario("several");
        assertEquals("high", Memcached.transport(CONFIG).name());
        try (MemcachedClient client = Memcached.connect(CONFIG)) {
            assertEquals("high:127.0.0.1:11211", client.address());
        }
    }

    @Test
    void theConfigNamesTheTransport() {
        useScenario("several");
        System.setProperty(Memcached.TRANSPORT_PROPERTY, "high");
        ClientConfig config = CONFIG.toBuilder().transport("low").build();
        assertEquals("low", Memcached.transport(config).name(), "the config wins over the system property");
    }

    @Test
    void theSystemPropertyNamesTheTransport() {
        useScenario("several");
        System.setProperty(Memcached.TRANSPORT_PROPERTY, "low");
        assertEquals("low", Memcached.transport(CONFIG).name());
    }

    @Test
    void anUnknownNameListsWhatWasFound() {
        useScenario("several");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Memcached.transport(CONFIG.toBuilder().transport("nope").build()));
        assertTrue(e.getMessage().contains("\"nope\""), e.getMessage());
        assertTrue(e.getMessage().contains("low (priority 1)") && e.getMessage().contains("high (priority 5)"), e.getMessage());
    }

    @Test
    void aRoutineChoiceIsQuietAndATieWarnsOnce() {
        List<LogRecord> records = new ArrayList<>();
        Logger logger = Logger.getLogger("io.memcached4j");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            TransportProvider only = named("quiet-only", 0);
            Providers.choose(TransportProvider.class, List.of(only), null, "x");
            assertTrue(records.stream().noneMatch(r -> r.getLevel().intValue() >= Level.INFO.intValue()), records.toString());

            TransportProvider first = named("tie-a", 3);
            TransportProvider second = named("tie-b", 3);
            Providers.choose(TransportProvider.class, List.of(first, second), null, "x");
            Providers.choose(TransportProvider.class, List.of(first, second), null, "x");
            List<LogRecord> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
            assertEquals(1, warnings.size(), records.toString());
            String warning = new SimpleFormatter().formatMessage(warnings.get(0));
            assertTrue(warning.contains("several share the highest priority"), warning);
        } finally {
            logger.removeHandler(handler);
        }
    }

    private static TransportProvider named(String name, int priority) {
        return new FakeTransport() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int priority() {
                return priority;
            }
        };
    }

    private void useScenario(String name) {
        URL root = Objects.requireNonNull(ProvidersTest.class.getResource("/scenarios/" + name + "/"), name);
        ClassLoader parent = ProvidersTest.class.getClassLoader();
        URLClassLoader registrations = new URLClassLoader(new URL[]{root}, null);
        Thread.currentThread().setContextClassLoader(new ClassLoader(parent) {
            @Override
            public Enumeration<URL> getResources(String resource) throws IOException {
                return registrations.getResources(resource);
            }
        });
    }

    /** A transport whose clients only know their address. */
    abstract static class FakeTransport implements TransportProvider {
        @Override
        public MemcachedClient connect(ClientConfig config) {
            String address = name() + ":" + config.servers().get(0);
            return (MemcachedClient) Proxy.newProxyInstance(MemcachedClient.class.getClassLoader(),
                    new Class<?>[]{MemcachedClient.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "address":
                                return address;
                            case "close":
                                return null;
                            default:
                                throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }
    }

    /** Registered in both scenarios. */
    public static final class LowTransport extends FakeTransport {
        @Override
        public String name() {
            return "low";
        }

        @Override
        public int priority() {
            return 1;
        }
    }

    /** Registered in "several". */
    public static final class HighTransport extends FakeTransport {
        @Override
        public String name() {
            return "high";
        }

        @Override
        public int priority() {
            return 5;
        }
    }
}
