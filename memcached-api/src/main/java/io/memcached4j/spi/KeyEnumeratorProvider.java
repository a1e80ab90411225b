package io.memcached4j.spi;

import io.memcached4j.KeyEnumerator;
import io.memcached4j.MemcachedClient;

/** Creates {@link KeyEnumerator}s; {@link io.memcached4j.Memcached#keyEnumerator} finds it and calls it. */
public interface KeyEnumeratorProvider extends NamedProvider {
    /**
     * Creates an enumerator for a client's servers.
     *
     * @param client the client
     * @return the enumerator
     */
    KeyEnumerator create(MemcachedClient client);
}
