package io.memcached4j.testkit.junit;

import io.memcached4j.MemcachedClient;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With the testkit alone on the class path, the extension's client is an in-memory one, to the injected fake. */
@WithFakeMemcached(manualClock = true)
class InMemoryExtensionTest {

    @Test
    void theInjectedClientReachesTheInjectedFakeInMemory(MemcachedClient client, FakeMemcached fake, ManualClock clock)
            throws InterruptedException {
        assertTrue(client.toString().startsWith("MemcachedClient[inmem "), client.toString());
        client.set("k", "v".getBytes(UTF_8), 0, 10);
        assertEquals(1, fake.itemCount());
        assertEquals("set k 0 10 1", fake.takeRequest().commandLine(), "the fake's request log shows it");
        assertEquals("v", new String(client.get("k").orElseThrow().value(), UTF_8));
        clock.advance(Duration.ofSeconds(11));
        assertTrue(client.get("k").isEmpty(), "the fake's clock drives expiration for in-memory clients too");
    }
}
