package io.memcached4j.testkit.junit;

import io.memcached4j.ServerAddress;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.ManualClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

@WithFakeMemcached
@Execution(ExecutionMode.CONCURRENT)
class FakeMemcachedExtensionTest {
    private static final Set<Integer> PORTS = ConcurrentHashMap.newKeySet();

    @RepeatedTest(8)
    void eachTestGetsItsOwnFakeClockAndAddress(FakeMemcached fake, ManualClock clock, ServerAddress address)
            throws IOException {
        assertEquals(fake.address(), address);
        assertEquals(0, fake.itemCount(), "a fresh fake");
        PORTS.add(fake.port());
        assertEquals("STORED\r\n", call(fake, "set k 0 10 1\r\nx\r\n", "\r\n"));
        clock.advance(Duration.ofSeconds(10));
        assertEquals("END\r\n", call(fake, "get k\r\n", "END\r\n"), "the injected clock drives expiration");
    }

    @AfterAll
    static void everyFakeWasDistinctAndIsClosed() {
        assertEquals(8, PORTS.size(), "one fake per test, run concurrently");
        for (int port : PORTS) {
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        }
    }

    @Nested
    @WithFakeMemcached(scope = WithFakeMemcached.Scope.PER_CLASS, version = "1.4.30")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OneFakePerClass {
        private FakeMemcached first;

        @Test
        void aTestStoresAKey(FakeMemcached fake) throws IOException {
            share(fake);
            assertEquals("VERSION 1.4.30\r\n", call(fake, "version\r\n", "\r\n"));
            call(fake, "set shared 0 0 1\r\ny\r\n", "\r\n");
        }

        @Test
        void anotherTestSeesTheSameFake(FakeMemcached fake) throws IOException {
            share(fake);
            call(fake, "set shared 0 0 1\r\ny\r\n", "\r\n");
            assertEquals("VALUE shared 0 1\r\ny\r\nEND\r\n", call(fake, "get shared\r\n", "END\r\n"));
        }

        private synchronized void share(FakeMemcached fake) {
            if (first == null) {
                first = fake;
            }
            assertSame(first, fake);
        }
    }

    private static String call(FakeMemcached fake, String request, String end) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", fake.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!out.toString(StandardCharsets.US_ASCII).endsWith(end)) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.US_ASCII);
        }
    }
}
