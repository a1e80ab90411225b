package io.memcached4j.transport.nio;

import io.memcached4j.Item;
import io.memcached4j.MemcachedClient;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.junit.WithFakeMemcached;
import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code @WithFakeMemcached(tls = true)} hands the test an nio client that already trusts the fake's generated certificate. */
@WithFakeMemcached(tls = true)
class TlsFakeExtensionTest {

    @Test
    void theInjectedClientTalksToTheTlsFake(MemcachedClient client, FakeMemcached fake) throws InterruptedException {
        assertTrue(client.toString().contains("nio"), client.toString());
        client.set(Item.of("k", "over tls".getBytes(UTF_8)));
        assertEquals("over tls", new String(client.get("k").orElseThrow().value(), UTF_8));
        assertEquals(1, fake.itemCount());
    }
}
