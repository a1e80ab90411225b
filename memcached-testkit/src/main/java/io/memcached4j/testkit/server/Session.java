package io.memcached4j.testkit.server;

import io.memcached4j.protocol.text.server.ReplyWriter;
import io.memcached4j.protocol.text.server.ServerRequest;
import io.memcached4j.protocol.text.server.ServerRequestParser;

import java.nio.ByteBuffer;

/**
 * The server side of one client connection, whatever carries its bytes: received bytes go through
 * the protocol module's {@link ServerRequestParser} and the {@link Interceptor}'s faults to the
 * {@link Engine}, whose replies wait here until drained. Both the TCP front end
 * ({@link NioServer}) and the in-memory transport use it, so the fake answers the same bytes, and
 * applies the same faults, either way. Not thread-safe: one thread at a time.
 */
public final class Session {
    /** memcached's {@code -R} default: after this many requests of a batch it transmits its replies. */
    private static final int REQUESTS_PER_EVENT = 20;

    private final Engine engine;
    private final Interceptor interceptor;
    private final ServerRequestParser parser;
    private final ReplyWriter out = new ReplyWriter();
    private final long id;
    private long requests;
    private long bytesRead;
    private int handled;
    private ServerRequest delayed;
    private boolean stalled;
    private boolean closing;
    private boolean closed;

    /**
     * Opens a session, counted in the engine's {@code curr_connections}.
     *
     * @param engine the cache that executes the requests
     * @param interceptor sees every request first, for faults and the request log
     */
    public Session(Engine engine, Interceptor interceptor) {
        this.engine = engine;
        this.interceptor = interceptor;
        this.parser = new ServerRequestParser(engine.settings().itemSizeMax());
        this.id = engine.connectionOpened();
    }

    /** @return the connection's number on its server, as the request log shows it */
    public long id() {
        return id;
    }

    /**
     * Counts received bytes ({@code bytes_read}, and the close-after-bytes fault).
     *
     * @param n the number of bytes received
     * @return false when the connection must be closed at once, without executing them
     */
    public boolean received(int n) {
        engine.traffic(n, 0);
        bytesRead += n;
        long limit = interceptor.closeAfterBytes();
        return limit <= 0 || bytesRead < limit;
    }

    /** Starts a batch of requests received together: their replies are transmitted together. */
    public void beginBatch() {
        out.markFlushed();
        handled = 0;
    }

    /**
     * Runs the requests complete in {@code in} until it runs out, the session closes, or a fault
     * pauses it. A stall discards the input, now and later; a delay leaves the rest of the input
     * in {@code in} and the delayed request pending: call this again after the delay.
     *
     * @param in received bytes in read mode
     * @return 0, or the nanoseconds a delay fault holds the rest back
     */
    public long process(ByteBuffer in) {
        if (stalled) {
            in.position(in.limit());
            return 0;
        }
        ServerRequest request;
        while (!closing && (request = delayed != null ? delayed : parser.next(in)) != null) {
            boolean resumed = request == delayed;
            delayed = null;
            Interceptor.Action action = resumed ? null : intercept(request);
            if (action == null) {
                if (!engine.handle(request, out)) {
                    closing = true;
                }
            } else {
                switch (action.kind()) {
                    case REPLY -> out.bytes(action.reply());
                    case DISCONNECT -> closing = true;
                    case STALL -> {
                        stalled = true;
                        in.position(in.limit());
                        return 0;
                    }
                    default -> {
                        delayed = request;
                        return Math.max(1, action.delayNanos());
                    }
                }
            }
            if (++handled % REQUESTS_PER_EVENT == 0) {
                out.markFlushed();
            }
        }
        return 0;
    }

    private Interceptor.Action intercept(ServerRequest request) {
        requests++;
        Interceptor.Action action = interceptor.intercept(id, request);
        long limit = interceptor.closeAfterRequests();
        if (action == null && limit > 0 && requests > limit) {
            return new Interceptor.Action(Interceptor.Kind.DISCONNECT, 0, null);
        }
        return action;
    }

    /** @return whether a delay fault holds a request back */
    public boolean isDelayed() {
        return delayed != null;
    }

    /** @return whether replies wait to be drained */
    public boolean hasOutput() {
        return !out.isEmpty();
    }

    /**
     * Moves as many queued reply bytes as fit into {@code dst}, counted in {@code bytes_written}.
     *
     * @param dst a buffer in write mode
     * @return the number of bytes moved
     */
    public int drainTo(ByteBuffer dst) {
        int n = out.drainTo(dst);
        engine.traffic(0, n);
        return n;
    }

    /** @return whether the client asked to close ({@code quit}), a fault or the parser dropped the connection; close after draining */
    public boolean isClosing() {
        return closing;
    }

    /** Ends the session, counted out of {@code curr_connections}. Idempotent. */
    public void close() {
        if (!closed) {
            closed = true;
            closing = true;
            engine.connectionClosed();
        }
    }
}
