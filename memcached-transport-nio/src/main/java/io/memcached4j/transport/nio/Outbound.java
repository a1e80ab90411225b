package io.memcached4j.transport.nio;

import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.core.codec.ProtocolCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The write side of a connection: its output stream, the write buffer and the backlog. Requests
 * are encoded into one buffer as they arrive and written together; one that does not fit waits in
 * the backlog, and one larger than the buffer goes out from the codec's buffers for it
 * ({@link ProtocolCodec#encodeLarge}: a value is written from its own array, not copied). Every method runs under the
 * connection's write lock (a caller may write its own request), except {@link #handedOff}.
 *
 * <p>Each request records where its bytes start in the stream ({@link Op#wireStart}), and
 * {@code handedOff} tells how far the stream has been handed to the socket (set before a write,
 * for the bytes it may send, and after it, for the bytes it sent), so that the read side decodes
 * bytes only for requests handed off before the read that returned them.
 */
final class Outbound {
    /** {@link #callerWrite}: the request must go through the loop. */
    static final int REFUSED = 0;
    /** {@link #callerWrite}: the request is written, or failed on its own; nothing left for the loop. */
    static final int DONE = 1;
    /** {@link #callerWrite}: the request is taken; the loop must finish the write or handle its failure. */
    static final int NEEDS_LOOP = 2;

    private static final int BUFFER_SIZE = 64 * 1024;

    private final ProtocolCodec codec;
    private final AwaitingReplies awaiting;
    private final Consumer<Op<?, ?>> release;
    private final OpRing backlog = new OpRing();
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER_SIZE);
    /** {@code out} as the buffers {@link #write} takes. */
    private final ByteBuffer[] outAlone = {out};
    /**
     * A request too large for {@code out}, as the codec's buffers (its value shared, not copied); {@code out} and
     * {@code large} are never filled at once, so encoding order is wire order.
     */
    private ByteBuffer[] large;
    /** Bytes encoded for the current channel so far; the next request's {@link Op#wireStart}. */
    private long encodedBytes;
    /** Bytes the socket took on the current channel so far. */
    private long sentBytes;
    private volatile long handedOff;
    /** A caller's write to this channel failed; the loop then drops the connection. */
    private SocketChannel writeFailedOn;
    private IOException writeFailure;
    /** The channel is stalled: write nothing more to it; new requests wait in the backlog. */
    private boolean draining;

    /**
     * @param codec encodes the requests
     * @param awaiting where a request that expects a reply goes once encoded
     * @param release frees the slot of a request leaving the connection
     */
    Outbound(ProtocolCodec codec, AwaitingReplies awaiting, Consumer<Op<?, ?>> release) {
        this.codec = codec;
        this.awaiting = awaiting;
        this.release = release;
    }

    /**
     * Writes a request on a caller's thread, provided nothing buffered, held back or failed would go
     * out before it. A write the socket takes only in part, and a failed write, are left to the loop.
     *
     * @return {@link #REFUSED}, {@link #DONE} or {@link #NEEDS_LOOP}
     */
    int callerWrite(Op<?, ?> op, SocketChannel channel, Wire wire) {
        if (writeFailedOn != null || draining || out.position() > 0 || large != null || !backlog.isEmpty()) {
            return REFUSED;
        }
        try {
            if (!encodeInto(op, out)) {
                return REFUSED;
            }
        } catch (RuntimeException e) {
            release.accept(op);
            op.completeExceptionally(e);
            return DONE;
        }
        boolean expectsReply = op.request.expectsReply();
        if (expectsReply) {
            awaiting.callerWrote(op);
        }
        out.flip();
        try {
            write(wire, outAlone);
        } catch (IOException e) {
            writeFailedOn = channel;
            writeFailure = e;
        }
        boolean needsLoop = out.hasRemaining() || writeFailedOn != null;
        out.compact();
        if (!expectsReply) {
            release.accept(op);
            op.succeed(null, System.nanoTime()); // no reply: done once written
        }
        return needsLoop ? NEEDS_LOOP : DONE;
    }

    /**
     * Encodes a request the loop took, or keeps it in the backlog behind what waits already; a
     * single-key get waits there too, for the gets after it to merge with ({@link GetBatch}).
     */
    void submit(Op<?, ?> op) {
        if (draining || !backlog.isEmpty() || large != null || GetBatch.mayMerge(op) || !encode(op)) {
            backlog.add(op);
        }
    }

    /** Keeps a request until the connection is ready. */
    void hold(Op<?, ?> op) {
        backlog.add(op);
    }

    /**
     * Writes what is buffered, then refills the buffer from the backlog, until done or the socket is full.
     *
     * @return whether bytes are left that the socket did not take: the loop must wait until it is writable
     */
    boolean flush(Wire wire) throws IOException {
        for (;;) {
            if (large != null) {
                write(wire, large);
                if (sentBytes != encodedBytes) {
                    return true;
                }
                large = null;
            }
            if (out.position() > 0) {
                out.flip();
                write(wire, outAlone);
                boolean rest = out.hasRemaining();
                out.compact();
                if (rest) {
                    return true;
                }
            }
            if (backlog.isEmpty() || draining) {
                return false;
            }
            while (!backlog.isEmpty() && large == null && encodeHead()) {
                // the next one
            }
        }
    }

    /**
     * Takes the failure of a caller's write, if there was one.
     *
     * @param current the connection's channel now
     * @return the failure when it happened on {@code current}; null when none did, or on an earlier channel
     */
    IOException takeWriteFailure(SocketChannel current) {
        IOException failure = writeFailedOn == current ? writeFailure : null;
        writeFailedOn = null;
        writeFailure = null;
        return failure;
    }

    /** @return whether a caller's write failed and the loop has not handled it yet */
    boolean callerWriteFailed() {
        return writeFailedOn != null;
    }

    /** Stops writing: the channel is stalled. Requests wait in the backlog until {@link #resume} or a new channel. */
    void drain() {
        draining = true;
    }

    boolean draining() {
        return draining;
    }

    /** Writes again to a channel that answered everything after all. */
    void resume() {
        draining = false;
    }

    /** Starts the output stream of a new channel; what waits in the backlog goes out first. */
    void newChannel() {
        out.clear();
        encodedBytes = 0;
        sentBytes = 0;
        handedOff = 0;
        large = null;
        draining = false;
    }

    /** Forgets what was buffered for a channel that closed; the backlog stays for the next one. */
    void channelClosed() {
        draining = false;
        large = null;
        out.clear();
    }

    /** Fails every request in the backlog. */
    void failBacklog(Supplier<? extends RuntimeException> failure) {
        Op<?, ?> op;
        while ((op = backlog.poll()) != null) {
            release.accept(op);
            op.completeExceptionally(failure.get());
        }
    }

    /**
     * Fails the backlog's requests whose deadline has passed: from the oldest, those removed, and
     * any later one overdue (deadlines are almost in order).
     */
    void expireBacklog(long now, Function<Op<?, ?>, MemcachedTimeoutException> timeout) {
        Op<?, ?> op;
        while ((op = backlog.peek()) != null && (op.isDone() || now - op.deadline >= 0)) {
            backlog.poll();
            release.accept(op);
            op.completeExceptionally(timeout.apply(op));
        }
        for (int i = 1; i < backlog.size(); i++) {
            awaiting.expireIfOverdue(backlog.get(i), now);
        }
    }

    /** Fails the backlog's overdue requests from the watchdog (see {@link AwaitingReplies#expireRacy}). */
    void expireBacklogRacy(long now) {
        backlog.forEachRacy(op -> awaiting.expireIfOverdue(op, now));
    }

    boolean backlogEmpty() {
        return backlog.isEmpty();
    }

    /** @return the output stream offset before which requests may have reached the server; any thread */
    long handedOff() {
        return handedOff;
    }

    /**
     * Encodes the backlog's oldest request, merged with the gets after it when it is a get, and
     * takes what it encoded from the backlog; false when it must wait for the buffer to drain.
     */
    private boolean encodeHead() {
        int batched = GetBatch.count(backlog);
        if (batched < 2) {
            if (!encode(backlog.peek())) {
                return false;
            }
            backlog.poll();
            return true;
        }
        if (!encode(GetBatch.of(backlog, batched))) {
            return false;
        }
        for (int i = 0; i < batched; i++) {
            backlog.poll();
        }
        return true;
    }

    /**
     * Encodes a request into the write buffer; false when it must wait for the buffer to drain.
     * A request the codec refuses fails on its own; the connection is unaffected.
     */
    private boolean encode(Op<?, ?> op) {
        if (op.isDone()) {
            release.accept(op); // timed out before it could be written: it never reaches the server
            return true;
        }
        try {
            if (!encodeInto(op, out)) {
                if (out.position() > 0) {
                    return false;
                }
                ByteBuffer[] parts = codec.encodeLarge(op.request);
                op.wireStart = encodedBytes;
                for (ByteBuffer part : parts) {
                    encodedBytes += part.remaining();
                }
                large = parts;
            }
        } catch (RuntimeException e) {
            release.accept(op);
            op.completeExceptionally(e);
            return true;
        }
        if (op.request.expectsReply()) {
            awaiting.loopWrote(op);
        } else {
            release.accept(op);
            op.succeed(null, System.nanoTime()); // no reply: done once written
        }
        return true;
    }

    /** Encodes a request at the end of the output stream, recording where it starts. */
    private boolean encodeInto(Op<?, ?> op, ByteBuffer buffer) {
        int before = buffer.position();
        if (!codec.encode(op.request, buffer)) {
            return false;
        }
        op.wireStart = encodedBytes;
        encodedBytes += buffer.position() - before;
        return true;
    }

    /**
     * Hands buffered bytes to the socket. Everything encoded counts as handed off during the call
     * (a reply to it may be read before the call returns), what the socket took after it.
     */
    private void write(Wire wire, ByteBuffer[] buffers) throws IOException {
        handedOff = encodedBytes;
        sentBytes += wire.write(buffers);
        handedOff = sentBytes;
    }
}
