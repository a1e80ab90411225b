package io.memcached4j;

import io.memcached4j.internal.Providers;
import io.memcached4j.spi.CapabilityDetectorProvider;
import io.memcached4j.spi.KeyEnumeratorProvider;
import io.memcached4j.spi.TransportProvider;

import java.util.Objects;

/**
 * The entry point, and the one place implementations are looked up: opens a {@link MemcachedClient}
 * with the transport found on the class path, and makes the {@link KeyEnumerator} and
 * {@link CapabilityDetector} of a client with the enumeration module found there.
 *
 * <pre>{@code
 * try (MemcachedClient client = Memcached.connect("127.0.0.1:11211")) {
 *     client.set("greeting", "hello".getBytes(UTF_8), 0, 60);
 * }
 * }</pre>
 *
 * <p>The transport is found with {@link java.util.ServiceLoader}: with one provider, that one;
 * with several, the one named by {@link ClientConfig.Builder#transport(String)}, else by the system
 * property {@value #TRANSPORT_PROPERTY}, else the one of highest priority. With none, an
 * {@link IllegalStateException} names the artifact to add ({@code memcached-transport-nio}); likewise
 * {@code memcached-enumeration} for {@link #keyEnumerator} and {@link #capabilityDetector}.
 */
public final class Memcached {
    /** The system property that chooses a transport by name, such as {@code inmem}. */
    public static final String TRANSPORT_PROPERTY = "memcached4j.transport";

    private Memcached() {
    }

    /**
     * Opens a client with the default configuration.
     *
     * @param servers addresses such as {@code "127.0.0.1:11211"} or {@code "a:11211,b:11211"}
     * @return a connected client
     */
    public static MemcachedClient connect(String servers) {
        return connect(ClientConfig.builder().servers(servers).build());
    }

    /**
     * Opens a client.
     *
     * @param config the configuration
     * @return a connected client
     * @throws IllegalStateException when no transport, or not the named one, is on the class path
     */
    public static MemcachedClient connect(ClientConfig config) {
        return transport(config).connect(config);
    }

    /**
     * Returns the transport provider {@link #connect(ClientConfig)} would use.
     *
     * @param config the configuration
     * @return the provider
     */
    public static TransportProvider transport(ClientConfig config) {
        String name = config.transport().orElse(System.getProperty(TRANSPORT_PROPERTY));
        if (name != null && name.isBlank()) {
            name = null;
        }
        return Providers.select(TransportProvider.class, name, "memcached-transport-nio");
    }

    /**
     * Makes a key enumerator for a client's servers with the implementation on the class path
     * ({@code memcached-enumeration}).
     *
     * @param client the client whose servers are enumerated
     * @return an enumerator with {@link EnumerationOptions#defaults()} and the client's operation timeout
     * @throws NullPointerException when the client is null
     * @throws IllegalStateException when no implementation is on the class path, naming the artifact to add
     */
    public static KeyEnumerator keyEnumerator(MemcachedClient client) {
        Objects.requireNonNull(client, "client");
        return Providers.select(KeyEnumeratorProvider.class, null, "memcached-enumeration").create(client);
    }

    /**
     * Makes a capability detector for a client's servers with the implementation on the class path
     * ({@code memcached-enumeration}).
     *
     * @param client the client whose servers are examined
     * @return a detector
     * @throws NullPointerException when the client is null
     * @throws IllegalStateException when no implementation is on the class path, naming the artifact to add
     */
    public static CapabilityDetector capabilityDetector(MemcachedClient client) {
        Objects.requireNonNull(client, "client");
        return Providers.select(CapabilityDetectorProvider.class, null, "memcached-enumeration").create(client);
    }
}
