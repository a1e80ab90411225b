package io.memcached4j.enumeration;

import io.memcached4j.CapabilityDetector;
import io.memcached4j.MemcachedClient;
import io.memcached4j.spi.CapabilityDetectorProvider;

/**
 * Provides the {@link CapabilityDetector} that probes each server with real commands rather than
 * trusting its version alone; found by {@link io.memcached4j.Memcached#capabilityDetector}. Every
 * wait is bounded by the client's operation timeout.
 */
public final class ProbingCapabilityDetectorProvider implements CapabilityDetectorProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public ProbingCapabilityDetectorProvider() {
    }

    /** @return {@code probe} */
    @Override
    public String name() {
        return "probe";
    }

    /**
     * Creates a detector for every server of the client.
     *
     * @param client the client
     * @return the detector
     */
    @Override
    public CapabilityDetector create(MemcachedClient client) {
        return new ProbingCapabilityDetector(client, client.config().operationTimeout());
    }
}
