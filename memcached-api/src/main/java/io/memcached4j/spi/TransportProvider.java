package io.memcached4j.spi;

import io.memcached4j.ClientConfig;
import io.memcached4j.MemcachedClient;

/**
 * Opens clients: the NIO transport is named {@code nio}, the testkit's in-memory one {@code inmem}.
 * Registered in {@code META-INF/services/io.memcached4j.spi.TransportProvider} and in
 * {@code module-info.java}.
 */
public interface TransportProvider extends NamedProvider {
    /**
     * Opens a client.
     *
     * @param config the configuration
     * @return a client ready for requests
     */
    MemcachedClient connect(ClientConfig config);
}
