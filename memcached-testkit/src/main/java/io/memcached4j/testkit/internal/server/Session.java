package io.memcached4j.testkit.internal.server;

import io.memcached4j.protocol.text.server.ReplyWriter;
import io.memcached4j.protocol.text.server.ServerRequest;
import io.memcached4j.protocol.text.server.ServerRequestParser;

import java.nio.ByteBuffer;

/**
 * The server side of one client connection, whatever carries its bytes: received bytes go through
 * the protocol module's {@link ServerRequestParser} and the {@link ServerHooks} (request log,
 * faults) to the {@link Engine}; the replies wait here, possibly held back or cut by a
 * {@link Directive}, until the carrier drains them. Both the TCP front end ({@link NioServer})
 * and the in-memory transport use it, so the fake answers the same bytes, and applies the same
 * faults, either way. Not thread-safe: one thread at a time.
 */
public final class Session {
    /** memcached's {@code -R} default: after this many requests of a batch it transmits its replies. */
    private static final int REQUESTS_PER_EVENT = 20;

    private final Engine engine;
    private final ServerHooks hooks;
    private final long id;
    private final ServerRequestParser parser;
    private final RequestCapture capture = new RequestCapture();
    private final HeldReplies held = new HeldReplies();
    private final ReplyWriter out = new ReplyWriter();
    private int requests;
    private long bytesWritten;
    private boolean closeAfterWrite;
    private boolean cut;
    private boolean closed;

    /**
     * Opens a session, counted in the engine's {@code curr_connections}.
     *
     * @param engine the cache that executes the requests
     * @param hooks see every request first, for the request log and faults
     */
    public Session(Engine engine, ServerHooks hooks) {
        this.engine = engine;
        this.hooks = hooks;
        this.parser = new ServerRequestParser(engine.settings().itemSizeMax());
        this.id = engine.connectionOpened() - 1;
    }

    /** @return the connection's server-wide id, from 0 in the order connections opened, as the request log shows it */
    public long id() {
        return id;
    }

    /**
     * Executes the requests completed by bytes received together (a partial request waits in the
     * parser for the next bytes); their replies are transmitted together. Consumes all of
     * {@code in}: what follows a request that closes the connection is ignored.
     *
     * @param in the received bytes, in read mode
     * @param now the current {@link System#nanoTime()}, from which delays run
     */
    public void receive(ByteBuffer in, long now) {
        int received = in.remaining();
        out.markFlushed();
        ServerRequest request;
        int handled = 0;
        int start = in.position();
        while (!closeAfterWrite && (request = parser.next(in)) != null) {
            capture.consumed(in, start, in.position());
            start = in.position();
            byte[] line = capture.take();
            if (request instanceof ServerRequest.Reply reply && reply.command().equals("config")) {
                request = engine.config(reply, line);
            }
            Directive directive = hooks.onRequest(id, requests++, request, line);
            ServerRequest r = directive.substitute() != null ? directive.substitute() : request;
            boolean open = directive == Directive.PROCEED ? engine.handle(request, out)
                    : held.apply(directive, () -> engine.handle(r, out), out, now);
            if (!open) {
                closeAfterWrite = true;
            }
            if (++handled % REQUESTS_PER_EVENT == 0) {
                out.markFlushed();
            }
        }
        capture.consumed(in, start, in.position());
        in.position(in.limit());
        engine.traffic(received, 0);
    }

    /** @return whether replies wait to be drained, released or still held back */
    public boolean hasOutput() {
        return !out.isEmpty() || !held.isEmpty();
    }

    /**
     * Moves the reply bytes due by {@code now} into {@code dst}, in order, up to the faults' reply
     * byte limit, counted in {@code bytes_written}. Stops at a reply still held back.
     *
     * @param dst a buffer in write mode
     * @param now the current {@link System#nanoTime()}
     * @return the number of bytes moved
     */
    public int drainTo(ByteBuffer dst, long now) {
        int total = 0;
        while (dst.hasRemaining() && !isClosing()) {
            long allowed = hooks.replyByteLimit() - bytesWritten;
            if (allowed <= 0) {
                cut = true;
                break;
            }
            int limit = dst.limit();
            if (dst.remaining() > allowed) {
                dst.limit(dst.position() + (int) allowed);
            }
            int start = dst.position();
            if (held.isEmpty()) {
                out.drainTo(dst);
            } else {
                held.drainTo(dst, now);
            }
            int n = dst.position() - start;
            dst.limit(limit);
            if (n == 0) {
                break; // nothing left, or the next reply is held back
            }
            bytesWritten += n;
            total += n;
            if (bytesWritten >= hooks.replyByteLimit()) {
                cut = true;
            }
        }
        engine.traffic(0, total);
        return total;
    }

    /**
     * @param now the current {@link System#nanoTime()}
     * @return the nanoTime at which a held reply is released next, or {@link Long#MAX_VALUE} when no reply waits
     *         for a time (none held, one due already, or one held forever)
     */
    public long nextRelease(long now) {
        return held.nextRelease(now);
    }

    /**
     * @return whether the connection must be closed once the bytes drained so far are sent: the client
     *         asked ({@code quit}), the parser gave up, or a fault closes or cuts it
     */
    public boolean isClosing() {
        return closed || cut || held.closing() || (closeAfterWrite && !hasOutput());
    }

    /** Ends the session, counted out of {@code curr_connections}. Idempotent. */
    public void close() {
        if (!closed) {
            closed = true;
            engine.connectionClosed();
        }
    }
}
