package io.memcached4j.enumeration;

import io.memcached4j.KeyEnumerator;
import io.memcached4j.EnumerationOptions;
import io.memcached4j.MemcachedClient;
import io.memcached4j.spi.KeyEnumeratorProvider;

/**
 * Provides the {@link KeyEnumerator} that lists keys with {@code lru_crawler metadump}; found by
 * {@link io.memcached4j.Memcached#keyEnumerator}. Its enumerators start with
 * {@link EnumerationOptions#defaults()} and the client's operation timeout; they parse dump lines
 * themselves ({@code MetadumpParser}).
 */
public final class LruCrawlerKeyEnumeratorProvider implements KeyEnumeratorProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public LruCrawlerKeyEnumeratorProvider() {
    }

    /** @return {@code lru-crawler} */
    @Override
    public String name() {
        return "lru-crawler";
    }

    /**
     * Creates an enumerator over every server of the client.
     *
     * @param client the client
     * @return the enumerator
     */
    @Override
    public KeyEnumerator create(MemcachedClient client) {
        return new CrawlerKeyEnumerator(client, EnumerationOptions.defaults(), client.config().operationTimeout(),
                Pacer.SYSTEM);
    }
}
