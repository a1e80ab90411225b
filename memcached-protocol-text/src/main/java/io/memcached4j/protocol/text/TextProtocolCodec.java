package io.memcached4j.protocol.text;

import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.ResponseDecoder;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The client side of the memcached text protocol, classic and meta commands. Stateless and
 * thread-safe; each connection gets its own {@link TextResponseDecoder}.
 */
final class TextProtocolCodec implements ProtocolCodec {
    private final int itemSizeLimit;
    private final RequestEncoder encoder;

    TextProtocolCodec(int itemSizeLimit) {
        if (itemSizeLimit < 1) {
            throw new IllegalArgumentException("item size limit must be positive, was " + itemSizeLimit);
        }
        this.itemSizeLimit = itemSizeLimit;
        this.encoder = new RequestEncoder(itemSizeLimit);
    }

    @Override
    public boolean encode(Request<?> request, ByteBuffer out) {
        long bound = RequestEncoder.upperBound(Objects.requireNonNull(request, "request"));
        if ((bound < 0 || out.remaining() < bound) && out.remaining() < encoder.size(request)) {
            return false;
        }
        int start = out.position();
        try {
            encoder.write(request, out);
        } catch (RuntimeException e) {
            out.position(start); // what was written of an invalid request is dropped
            throw e;
        }
        return true;
    }

    @Override
    public int encodedSize(Request<?> request) {
        return encoder.size(Objects.requireNonNull(request, "request"));
    }

    /** A storage command's or meta set's value goes out from its own array, between its command line and what follows it. */
    @Override
    public ByteBuffer[] encodeLarge(Request<?> request) {
        byte[] block = RequestEncoder.dataBlock(Objects.requireNonNull(request, "request"));
        int size = encoder.size(request);
        if (block == null) {
            return ProtocolCodec.super.encodeLarge(request);
        }
        ByteBuffer head = ByteBuffer.allocate(size - block.length - 2); // what follows the block is 2 bytes or more
        encoder.writeHead(request, head);
        ByteBuffer tail = ByteBuffer.allocate(size - head.position() - block.length);
        encoder.writeTail(request, tail);
        return new ByteBuffer[] {head.flip(), ByteBuffer.wrap(block).asReadOnlyBuffer(), tail.flip()};
    }

    @Override
    public ResponseDecoder newDecoder() {
        return new TextResponseDecoder(itemSizeLimit);
    }

    @Override
    public String toString() {
        return "text protocol codec (item size limit " + itemSizeLimit + " bytes)";
    }
}
