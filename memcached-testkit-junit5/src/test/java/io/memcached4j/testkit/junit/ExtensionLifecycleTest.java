package io.memcached4j.testkit.junit;

import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.ManualClock;
import io.memcached4j.process.RawTextSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterResolutionException;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs small test classes that use the extension through the JUnit launcher and checks what happened. */
class ExtensionLifecycleTest {
    private static final List<FakeMemcached> SEEN = new CopyOnWriteArrayList<>();

    @BeforeEach
    void forget() {
        SEEN.clear();
    }

    @WithFakeMemcached
    static class PerTest {
        @Test
        void first(FakeMemcached fake) throws IOException {
            useFresh(fake);
        }

        @Test
        void second(FakeMemcached fake) throws IOException {
            useFresh(fake);
        }

        private static void useFresh(FakeMemcached fake) throws IOException {
            SEEN.add(fake);
            assertEquals(0, fake.itemCount(), "a fresh fake");
            assertEquals(List.of("STORED"), RawTextSession.exchange(fake.address(), "set k 0 0 1\r\nv\r\n", null));
        }
    }

    @Test
    void perTestFakesAreFreshAndClosedAfterEachTest() throws IOException {
        JUnitRun.of(PerTest.class).assertAllSuccessful();
        assertEquals(2, SEEN.size());
        assertNotSame(SEEN.get(0), SEEN.get(1));
        for (FakeMemcached fake : SEEN) {
            assertFalse(RawTextSession.isListening(fake.address()), fake + " is closed");
        }
    }

    @WithFakeMemcached(scope = WithFakeMemcached.Scope.PER_CLASS)
    static class PerClass {
        @BeforeAll
        static void before(FakeMemcached fake) {
            SEEN.add(fake);
        }

        @Test
        void first(FakeMemcached fake, ServerAddress address) {
            SEEN.add(fake);
            assertEquals(fake.address(), address);
        }

        @Test
        void second(FakeMemcached fake) {
            SEEN.add(fake);
        }

        @AfterAll
        static void after(FakeMemcached fake) throws IOException {
            SEEN.add(fake);
            assertTrue(RawTextSession.isListening(fake.address()), "open until the class ends");
        }
    }

    @Test
    void perClassFakeIsSharedByLifecycleMethodsAndTestsThenClosed() throws IOException {
        JUnitRun.of(PerClass.class).assertAllSuccessful();
        assertEquals(4, SEEN.size());
        SEEN.forEach(fake -> assertSame(SEEN.get(0), fake));
        assertFalse(RawTextSession.isListening(SEEN.get(0).address()));
    }

    @ExtendWith(FakeMemcachedExtension.class)
    static class WithoutAnnotation {
        @Test
        void defaults(FakeMemcached fake) throws IOException {
            SEEN.add(fake);
            assertEquals("VERSION 1.6.18", RawTextSession.exchange(fake.address(), "version\r\n", null).get(0));
        }
    }

    @Test
    void extendWithAloneUsesTheDefaults() {
        JUnitRun.of(WithoutAnnotation.class).assertAllSuccessful();
        assertEquals(1, SEEN.size());
    }

    /** A team's own annotation, meta-annotated with the extension's. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @WithFakeMemcached(version = "1.4.30")
    @interface OldMemcached {
    }

    @OldMemcached
    static class MetaAnnotated {
        @Test
        void test(FakeMemcached fake) throws IOException {
            SEEN.add(fake);
            assertEquals("VERSION 1.4.30", RawTextSession.exchange(fake.address(), "version\r\n", null).get(0));
        }
    }

    @Test
    void metaAnnotationCarriesTheSettings() {
        JUnitRun.of(MetaAnnotated.class).assertAllSuccessful();
        assertEquals(1, SEEN.size());
    }

    @WithFakeMemcached(memoryLimit = 1000)
    static class InvalidSettings {
        @Test
        void test(FakeMemcached fake) {
            SEEN.add(fake);
        }
    }

    @Test
    void invalidSettingsAreReportedAsSuch() {
        Throwable failure = JUnitRun.of(InvalidSettings.class).failure("test(FakeMemcached)");
        assertInstanceOf(ParameterResolutionException.class, failure);
        assertTrue(failure.getMessage().contains("invalid @WithFakeMemcached: memory limit"), failure.getMessage());
        assertTrue(SEEN.isEmpty());
    }

    @WithFakeMemcached
    static class PerTestInBeforeAll {
        @BeforeAll
        static void before(FakeMemcached fake) {
            SEEN.add(fake);
        }

        @Test
        void test() {
            SEEN.add(null);
        }
    }

    @Test
    void perTestFakeIsRefusedToBeforeAll() {
        Throwable failure = JUnitRun.of(PerTestInBeforeAll.class).failure("ExtensionLifecycleTest$PerTestInBeforeAll");
        assertInstanceOf(ParameterResolutionException.class, failure);
        assertTrue(failure.getMessage().contains("Scope.PER_CLASS"), failure.getMessage());
        assertTrue(SEEN.isEmpty());
    }

    @WithFakeMemcached
    static class ClockNotAsked {
        @Test
        void test(ManualClock clock) {
            SEEN.add(null);
        }
    }

    @Test
    void manualClockNeedsTheAttribute() {
        Throwable failure = JUnitRun.of(ClockNotAsked.class).failure("test(ManualClock)");
        assertInstanceOf(ParameterResolutionException.class, failure);
        assertTrue(failure.getMessage().contains("manualClock = true"), failure.getMessage());
        assertTrue(SEEN.isEmpty());
    }

    @WithFakeMemcached
    static class ClientParameter {
        static final List<MemcachedClient> CLIENTS = new CopyOnWriteArrayList<>();

        @BeforeEach
        void before(MemcachedClient client) {
            CLIENTS.add(client);
        }

        @Test
        void test(MemcachedClient client, FakeMemcached fake) throws InterruptedException {
            CLIENTS.add(client);
            client.set("k", "v".getBytes(StandardCharsets.UTF_8), 0, 0);
            assertEquals("set k 0 0 1", fake.takeRequest().commandLine());
        }
    }

    @Test
    void clientParameterIsOneInMemoryClientPerTestWhenTheTestkitIsTheOnlyTransport() {
        ClientParameter.CLIENTS.clear();
        JUnitRun.of(ClientParameter.class).assertAllSuccessful();
        assertEquals(2, ClientParameter.CLIENTS.size());
        assertSame(ClientParameter.CLIENTS.get(0), ClientParameter.CLIENTS.get(1));
        String client = ClientParameter.CLIENTS.get(0).toString();
        assertTrue(client.startsWith("MemcachedClient[inmem "), client);
    }
}
