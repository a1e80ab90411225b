package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.MemcachedClient;
import io.memcached4j.core.DispatchingClient;
import io.memcached4j.core.codec.ProtocolCodecProvider;
import io.memcached4j.spi.TransportProvider;

import java.util.Objects;

/**
 * The transport {@code nio}: a pipelined client over {@code java.nio} channels, with one event-loop
 * thread by default, ketama hashing over many servers, timeouts, backpressure and reconnects.
 * Found by {@link io.memcached4j.Memcached#connect} through {@link java.util.ServiceLoader}; it finds
 * its wire codec the same way ({@code memcached-protocol-text}).
 *
 * <p>Futures of the asynchronous client are completed on the I/O thread: callbacks must not block.
 */
public final class NioTransportProvider implements TransportProvider {
    /** The name users choose this transport by. */
    public static final String NAME = "nio";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public NioTransportProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Opens a client; connections are made in the background, and requests made before they are up wait for them.
     *
     * @param config the configuration
     * @return the client
     */
    @Override
    public MemcachedClient connect(ClientConfig config) {
        Objects.requireNonNull(config, "config");
        return DispatchingClient.create(new NioClient(config, ProtocolCodecProvider.find(null).create(config.itemSizeLimit())));
    }
}
