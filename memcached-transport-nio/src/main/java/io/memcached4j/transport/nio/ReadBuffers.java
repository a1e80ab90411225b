package io.memcached4j.transport.nio;

import io.memcached4j.ProtocolException;

import java.nio.ByteBuffer;

/** The read buffers of connections and lanes: 64 KiB at first, doubled as a reply needs, up to what the largest item needs. */
final class ReadBuffers {
    static final int INITIAL_SIZE = 64 * 1024;

    private ReadBuffers() {
    }

    /** @return the largest read buffer for a server whose items are at most {@code itemSizeLimit} bytes */
    static int limit(int itemSizeLimit) {
        return Math.max(INITIAL_SIZE, itemSizeLimit + 64 * 1024);
    }

    /**
     * Doubles a full read buffer.
     *
     * @param in the buffer, in write mode
     * @return a larger buffer with {@code in}'s bytes, in write mode; null when {@code in} is at {@code limit}
     */
    static ByteBuffer grow(ByteBuffer in, int limit) {
        if (in.capacity() >= limit) {
            return null;
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.min(limit, in.capacity() * 2));
        in.flip();
        bigger.put(in);
        return bigger;
    }

    /** The desync of a reply larger than the largest read buffer. */
    static ProtocolException tooLarge(ServerNode node, int limit) {
        return new ProtocolException("a reply from memcached " + node + " exceeds " + limit + " bytes");
    }
}
