package io.memcached4j.core.codec;

import io.memcached4j.internal.Providers;
import io.memcached4j.spi.NamedProvider;

import java.util.ServiceLoader;

/**
 * Supplies the wire codec a transport uses; {@code memcached-protocol-text} provides {@code text}.
 * Transports look it up with {@link ProtocolCodecProvider#find(String)}; this module declares the
 * {@code uses} clause the lookup needs on the module path.
 */
public interface ProtocolCodecProvider extends NamedProvider {
    /**
     * Creates a codec.
     *
     * @param itemSizeLimit the largest value the codec encodes or accepts in a reply, in bytes
     * @return a codec, thread-safe for encoding
     */
    ProtocolCodec create(int itemSizeLimit);

    /**
     * Finds a codec provider with {@link ServiceLoader} through the thread context class loader,
     * chosen by the rules of {@link Providers}.
     *
     * @param name the name wanted, or null for the highest priority
     * @return the provider
     * @throws IllegalStateException when none is found, naming {@code memcached-protocol-text}
     */
    static ProtocolCodecProvider find(String name) {
        return Providers.select(ProtocolCodecProvider.class, ServiceLoader.load(ProtocolCodecProvider.class), name,
                "memcached-protocol-text");
    }
}
