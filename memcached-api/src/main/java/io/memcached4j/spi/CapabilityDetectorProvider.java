package io.memcached4j.spi;

import io.memcached4j.CapabilityDetector;
import io.memcached4j.MemcachedClient;

/** Creates {@link CapabilityDetector}s; {@link io.memcached4j.Memcached#capabilityDetector} finds it and calls it. */
public interface CapabilityDetectorProvider extends NamedProvider {
    /**
     * Creates a detector for a client's servers.
     *
     * @param client the client
     * @return the detector
     */
    CapabilityDetector create(MemcachedClient client);
}
