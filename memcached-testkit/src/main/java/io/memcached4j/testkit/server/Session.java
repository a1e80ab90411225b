package io.memcached4j.testkit.server;

import io.memcached4j.protocol.text.server.ReplyWriter;
import io.memcached4j.protocol.text.server.ServerRequest;
import io.memcached4j.protocol.text.server.ServerRequestParser;

import java.nio.ByteBuffer;

/**
 * The server side of one client connection, whatever carries its bytes: received bytes go through
 * the protocol module's {@link ServerRequestParser} to the {@link Engine}, whose replies wait here
 * until drained. Both the TCP front end ({@link NioServer}) and the in-memory transport use it, so
 * the fake answers the same bytes either way. Not thread-safe: one thread at a time.
 */
public final class Session {
    /** memcached's {@code -R} default: after this many requests of a batch it transmits its replies. */
    private static final int REQUESTS_PER_EVENT = 20;

    private final Engine engine;
    private final ServerRequestParser parser;
    private final ReplyWriter out = new ReplyWriter();
    private boolean closing;
    private boolean closed;
    private int handled;

    /**
     * Opens a session, counted in the engine's {@code curr_connections}.
     *
     * @param engine the cache that executes the requests
     */
    public Session(Engine engine) {
        this.engine = engine;
        this.parser = new ServerRequestParser(engine.settings().itemSizeMax());
        engine.connectionOpened();
    }

    /**
     * Executes every request complete in {@code in} and queues the replies; a partial request is
     * kept by the parser until the rest arrives. Nothing is executed once the session is closing.
     * Counts the bytes in {@code bytes_read}.
     *
     * @param in received bytes in read mode; all of them are consumed
     */
    public void receive(ByteBuffer in) {
        int received = in.remaining();
        beginBatch();
        ServerRequest request;
        while ((request = next(in)) != null) {
            execute(request);
        }
        in.position(in.limit());
        engine.traffic(received, 0);
    }

    /** Starts a batch of requests received together: their replies are transmitted together. */
    public void beginBatch() {
        out.markFlushed();
        handled = 0;
    }

    /**
     * Parses the next request.
     *
     * @param in received bytes in read mode
     * @return the next request, or null when more bytes are needed or the session is closing
     */
    public ServerRequest next(ByteBuffer in) {
        return closing ? null : parser.next(in);
    }

    /**
     * Executes a request and queues its reply.
     *
     * @param request the request from {@link #next}
     */
    public void execute(ServerRequest request) {
        if (!engine.handle(request, out)) {
            closing = true;
        }
        handled();
    }

    /**
     * Answers a request with fixed bytes instead of executing it (a fault).
     *
     * @param reply the bytes to send
     */
    public void answer(byte[] reply) {
        out.bytes(reply);
        handled();
    }

    /** Closes the connection instead of executing a request (a fault), once the replies before it are sent. */
    public void closeAfterReplies() {
        closing = true;
        handled();
    }

    private void handled() {
        if (++handled % REQUESTS_PER_EVENT == 0) {
            out.markFlushed();
        }
    }

    /** @return whether replies wait to be drained */
    public boolean hasOutput() {
        return !out.isEmpty();
    }

    /**
     * Moves as many queued reply bytes as fit into {@code dst}.
     *
     * @param dst a buffer in write mode
     * @return the number of bytes moved
     */
    public int drainTo(ByteBuffer dst) {
        int n = out.drainTo(dst);
        engine.traffic(0, n);
        return n;
    }

    /** @return whether the client asked to close ({@code quit}) or the parser dropped the connection; close after draining */
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
