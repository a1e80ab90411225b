package io.memcached4j.testkit.internal.inmem;

import io.memcached4j.ClientConfig;
import io.memcached4j.MemcachedClient;
import io.memcached4j.core.DispatchingClient;
import io.memcached4j.spi.TransportProvider;

/**
 * The transport {@code inmem}: a complete {@link MemcachedClient} whose requests reach a fake
 * memcached in this JVM without a socket, still through the real text codec (client encoder,
 * server parser, engine, server replies, client decoder). Which fake an address reaches is
 * described by {@link io.memcached4j.testkit.InMemoryServers}.
 *
 * <p>Choose it with {@code ClientConfig.builder().transport("inmem")} or
 * {@code -Dmemcached4j.transport=inmem}. Its priority, -100, is below the NIO transport's, so
 * when both are on the class path and none is named, {@code nio} is used.
 *
 * <p>Each client runs one thread that executes requests and completes futures (callbacks must
 * not block it) and one timer thread for timeouts; both end while the client is idle. Keys are routed among several servers as by
 * every transport: by the client's ketama ring ({@link io.memcached4j.core.Ketama}).
 */
public final class InMemoryTransportProvider implements TransportProvider {
    /** The name to choose this transport by. */
    public static final String NAME = "inmem";

    /** Creates the provider; {@link java.util.ServiceLoader} calls it. */
    public InMemoryTransportProvider() {
        // stateless
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return -100, below the NIO transport's 0 */
    @Override
    public int priority() {
        return -100;
    }

    @Override
    public MemcachedClient connect(ClientConfig config) {
        return DispatchingClient.create(new InMemoryDispatcher(config));
    }
}
