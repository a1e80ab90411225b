package io.memcached4j.testkit.internal.inmem;

import io.memcached4j.testkit.internal.server.ServerRegistry;
import io.memcached4j.testkit.internal.server.Session;

import java.nio.ByteBuffer;
import java.util.function.BiConsumer;

/**
 * The server end of an in-memory connection: a {@link Session} and the carrier's part of what
 * {@code NioServer} does for a socket: hand it the request bytes, take its due replies, and come
 * back when a reply a delay fault holds back is due. Touched only by the client's loop thread.
 */
final class ServerEnd {
    final ServerRegistry.Server server;
    final Session session;
    private long wakeupAt = Long.MAX_VALUE;

    private ServerEnd(ServerRegistry.Server server) {
        this.server = server;
        this.session = new Session(server.engine(), server.hooks());
    }

    /**
     * Connects to a server, as a socket connects to a listening one.
     *
     * @param server the server an address names now
     * @return the new connection's server end, or null when the server refuses connections (a fault)
     */
    static ServerEnd connect(ServerRegistry.Server server) {
        return server.hooks().admit() ? new ServerEnd(server) : null;
    }

    /** Hands received bytes to the session, which executes the requests they complete. */
    void receive(ByteBuffer bytes) {
        session.receive(bytes, System.nanoTime());
    }

    /**
     * Moves the replies due now into {@code into}, growing it as needed.
     *
     * @param into a buffer in write mode
     * @return {@code into}, or a larger copy of it
     */
    ByteBuffer drainTo(ByteBuffer into) {
        ByteBuffer buffer = into;
        long now = System.nanoTime();
        while (true) {
            session.drainTo(buffer, now);
            if (buffer.hasRemaining()) {
                return buffer; // everything due is drained
            }
            ByteBuffer larger = ByteBuffer.allocate(buffer.capacity() * 2);
            buffer.flip();
            buffer = larger.put(buffer);
        }
    }

    /**
     * Asks to be called back when the next held-back reply is due, unless that is already asked.
     *
     * @param later runs a task on the loop thread after a number of nanoseconds
     * @param resume what to run then
     */
    void scheduleRelease(BiConsumer<Long, Runnable> later, Runnable resume) {
        long now = System.nanoTime();
        long release = session.nextRelease(now);
        if (release != Long.MAX_VALUE && release != wakeupAt) {
            wakeupAt = release;
            later.accept(Math.max(1, release - now), () -> {
                wakeupAt = Long.MAX_VALUE;
                resume.run();
            });
        }
    }
}
