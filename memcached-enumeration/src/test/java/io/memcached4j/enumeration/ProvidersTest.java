package io.memcached4j.enumeration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.memcached4j.ClientConfig;
import io.memcached4j.KeyEnumerator;
import io.memcached4j.EnumerationOptions;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProvidersTest {

    private static MemcachedClient client() {
        MemcachedClient client = mock(MemcachedClient.class);
        when(client.config()).thenReturn(ClientConfig.builder().servers("127.0.0.1:11211")
                .operationTimeout(Duration.ofMillis(700)).build());
        return client;
    }

    @Test
    void keyEnumeratorOfFindsThisModuleWithTheClientsTimeoutAndDefaultOptions() {
        KeyEnumerator found = Memcached.keyEnumerator(client());

        CrawlerKeyEnumerator enumerator = assertInstanceOf(CrawlerKeyEnumerator.class, found);
        assertEquals(Duration.ofMillis(700), enumerator.timeout());
        assertEquals(EnumerationOptions.defaults(), enumerator.options());
    }

    @Test
    void capabilityDetectorOfFindsThisModule() {
        assertInstanceOf(ProbingCapabilityDetector.class, Memcached.capabilityDetector(client()));
    }

    @Test
    void providersHaveNames() {
        assertEquals("lru-crawler", new LruCrawlerKeyEnumeratorProvider().name());
        assertEquals("probe", new ProbingCapabilityDetectorProvider().name());
    }
}
