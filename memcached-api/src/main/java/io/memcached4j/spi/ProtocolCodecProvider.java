package io.memcached4j.spi;

/**
 * Supplies the wire codec a transport uses; {@code memcached-protocol-text} provides {@code text}.
 * Transports look it up with {@link ProtocolCodecProvider#find(String)}.
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
     * Finds a codec provider with {@link java.util.ServiceLoader}.
     *
     * @param name the name wanted, or null for the highest priority
     * @return the provider
     * @throws IllegalStateException when none is found, naming {@code memcached-protocol-text}
     */
    static ProtocolCodecProvider find(String name) {
        return Providers.select(ProtocolCodecProvider.class, name, "memcached-protocol-text");
    }
}
