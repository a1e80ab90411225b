package io.memcached4j.testkit.inmem;

import io.memcached4j.testkit.server.ServerRegistry;
import io.memcached4j.testkit.server.Session;

import java.nio.ByteBuffer;

/**
 * The server end of an in-memory connection: a {@link Session}, plus the request bytes a delay
 * fault holds back until it resumes (the role of the socket's receive buffer). Touched only by
 * the client's loop thread.
 */
final class ServerEnd {
    /** What {@link #receive} returns when the server drops the connection without reading. */
    static final long DROPPED = -1;

    final ServerRegistry.Server server;
    final Session session;
    private ByteBuffer input = ByteBuffer.allocate(1024);
    private boolean paused;

    ServerEnd(ServerRegistry.Server server) {
        this.server = server;
        this.session = new Session(server.engine(), server.interceptor());
    }

    /**
     * Hands received bytes to the server.
     *
     * @return 0; the nanoseconds after which to call {@link #resume()} (a delay fault); or {@link #DROPPED}
     */
    long receive(ByteBuffer bytes) {
        if (!session.received(bytes.remaining())) {
            return DROPPED;
        }
        if (input.remaining() < bytes.remaining()) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(input.capacity() * 2, input.position() + bytes.remaining()));
            input.flip();
            input = larger.put(input);
        }
        input.put(bytes);
        return paused ? 0 : run();
    }

    /**
     * Continues after a delay fault.
     *
     * @return as {@link #receive}
     */
    long resume() {
        return run();
    }

    private long run() {
        session.beginBatch();
        input.flip();
        long delay = session.process(input);
        input.compact();
        paused = delay > 0;
        return delay;
    }
}
