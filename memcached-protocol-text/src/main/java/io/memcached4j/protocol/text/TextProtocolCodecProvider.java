package io.memcached4j.protocol.text;

import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.ProtocolCodecProvider;

/**
 * Provides the memcached text protocol codec, named {@code text}: every classic command and the
 * meta commands of memcached 1.6, encoded straight into {@link java.nio.ByteBuffer}s and decoded
 * incrementally. Found by transports through {@link ProtocolCodecProvider#find(String)}.
 */
public final class TextProtocolCodecProvider implements ProtocolCodecProvider {
    /** The name of this provider. */
    public static final String NAME = "text";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public TextProtocolCodecProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Creates a codec that refuses to encode, and to decode, values longer than the limit.
     *
     * @param itemSizeLimit the largest value in bytes, positive
     * @return a thread-safe codec
     * @throws IllegalArgumentException when the limit is not positive
     */
    @Override
    public ProtocolCodec create(int itemSizeLimit) {
        return new TextProtocolCodec(itemSizeLimit);
    }
}
