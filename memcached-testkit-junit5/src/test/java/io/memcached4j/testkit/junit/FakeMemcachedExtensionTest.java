package io.memcached4j.testkit.junit;

import io.memcached4j.ServerAddress;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.ManualClock;
import io.memcached4j.process.RawTextSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithFakeMemcached(manualClock = true, version = "1.4.30", memoryLimit = 2 * 1024 * 1024)
class FakeMemcachedExtensionTest {
    private FakeMemcached fromBeforeEach;
    private ManualClock clockFromBeforeEach;

    @BeforeEach
    void remember(FakeMemcached fake, ManualClock clock) {
        fromBeforeEach = fake;
        clockFromBeforeEach = clock;
    }

    @Test
    void injectsTheSameFakeAddressAndClockIntoBeforeEachAndTheTest(FakeMemcached fake, ServerAddress address,
                                                                    ManualClock clock) {
        assertSame(fromBeforeEach, fake);
        assertSame(clockFromBeforeEach, clock);
        assertEquals(fake.address(), address);
    }

    @Test
    void annotationSetsVersionAndMemoryLimit(ServerAddress address) throws IOException {
        assertEquals("VERSION 1.4.30", RawTextSession.exchange(address, "version\r\n", null).get(0));
        List<String> stats = RawTextSession.exchange(address, "stats\r\n", "END");
        assertTrue(stats.contains("STAT limit_maxbytes 2097152"), stats.toString());
    }

    @Test
    void theFakeRunsOnTheInjectedManualClock(ServerAddress address, ManualClock clock) throws IOException {
        assertEquals(List.of("STORED"), RawTextSession.exchange(address, "set k 0 10 1\r\nv\r\n", null));
        clock.advance(Duration.ofSeconds(9));
        assertEquals(List.of("VALUE k 0 1", "v", "END"), RawTextSession.exchange(address, "get k\r\n", "END"));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(List.of("END"), RawTextSession.exchange(address, "get k\r\n", "END"));
    }

    @Test
    void requestLogSeesWhatTheTestSent(FakeMemcached fake, ServerAddress address) throws Exception {
        RawTextSession.exchange(address, "delete nothing\r\n", null);
        assertEquals("delete nothing", fake.takeRequest().commandLine());
    }

    @Nested
    class NestedTests {
        @Test
        void nestedClassesUseTheEnclosingSettings(ServerAddress address, ManualClock clock) throws IOException {
            assertEquals("VERSION 1.4.30", RawTextSession.exchange(address, "version\r\n", null).get(0));
            assertTrue(clock.epochSecond() > 0);
        }
    }

    @Nested
    @WithFakeMemcached(scope = WithFakeMemcached.Scope.PER_CLASS, version = "1.5.22", manualClock = true)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class NestedClassWithItsOwnSettings {
        private FakeMemcached first;

        @Test
        void aTestStoresAKey(FakeMemcached fake) throws IOException {
            share(fake);
            assertEquals("VERSION 1.5.22", RawTextSession.exchange(fake.address(), "version\r\n", null).get(0));
            RawTextSession.exchange(fake.address(), "set shared 0 0 1\r\ny\r\n", null);
        }

        @Test
        void anotherTestSeesTheSameFake(FakeMemcached fake) throws IOException {
            share(fake);
            RawTextSession.exchange(fake.address(), "set shared 0 0 1\r\ny\r\n", null);
            assertEquals(List.of("VALUE shared 0 1", "y", "END"), RawTextSession.exchange(fake.address(), "get shared\r\n", "END"));
        }

        private synchronized void share(FakeMemcached fake) {
            if (first == null) {
                first = fake;
            }
            assertSame(first, fake);
            assertSame(fake, fromBeforeEach, "the enclosing class's @BeforeEach gets this class's fake");
        }
    }
}
