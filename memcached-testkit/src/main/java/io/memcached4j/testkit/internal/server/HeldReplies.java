package io.memcached4j.testkit.internal.server;

import io.memcached4j.protocol.text.server.ReplyWriter;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The replies of one connection that a {@link Directive} held back or cut, in order. Invariant:
 * everything here precedes what is in the connection's {@link ReplyWriter}, so the writer is
 * drained only when this queue is empty. Touched only by the thread serving the connection's {@link Session}.
 */
final class HeldReplies {
    /** Delays from this long on hold a reply forever (and keep nanoTime arithmetic clear of overflow). */
    private static final long FOREVER = Long.MAX_VALUE / 4;

    /**
     * A reply released at {@code releaseAt} (System.nanoTime) unless held {@code forever}, closing the
     * connection once written if asked.
     */
    private record Segment(byte[] bytes, long releaseAt, boolean forever, boolean closeAfter) {
        boolean released(long now) {
            return !forever && releaseAt - now <= 0;
        }
    }

    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private int offset;
    private boolean closeNow;

    /**
     * Executes one request as a directive says: its reply, doubled or followed by extra bytes if
     * asked, then cut or split, is queued behind the replies before it.
     *
     * @param directive how to answer
     * @param engine executes the request into {@code out}; returns false when the connection must close
     * @param out the connection's pending replies
     * @param now the current {@link System#nanoTime()}
     * @return false when the connection must close once the pending replies are written
     */
    boolean apply(Directive directive, BooleanSupplier engine, ReplyWriter out, long now) {
        if (directive.immediate()) {
            boolean open = run(directive, engine, out);
            return open && !directive.closeAfter();
        }
        hold(out, now);
        boolean open = run(directive, engine, out);
        byte[] reply = out.toByteArray();
        out.clear();
        if (directive.duplicate()) {
            reply = concat(reply, reply);
        }
        if (directive.appended() != null) {
            reply = concat(reply, directive.appended());
        }
        boolean truncate = directive.truncateAfter() >= 0;
        if (truncate) {
            reply = Arrays.copyOf(reply, Math.min(reply.length, directive.truncateAfter()));
        }
        int split = directive.splitAt();
        if (split >= 0 && split < reply.length) {
            segments.add(new Segment(Arrays.copyOf(reply, split), now, false, false));
            reply = Arrays.copyOfRange(reply, split, reply.length);
        }
        long delay = directive.delayNanos();
        boolean forever = delay >= FOREVER;
        segments.add(new Segment(reply, forever ? now : now + delay, forever, truncate));
        return open && !directive.closeAfter() && !truncate;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static boolean run(Directive directive, BooleanSupplier engine, ReplyWriter out) {
        if (directive.execute()) {
            return engine.getAsBoolean();
        }
        if (directive.replacement() != null) {
            out.bytes(directive.replacement());
        }
        return true;
    }

    /**
     * Moves the writer's pending replies behind the held ones, released at once, to keep their order.
     *
     * @param out the connection's pending replies
     * @param now the current {@link System#nanoTime()}
     */
    void hold(ReplyWriter out, long now) {
        if (!out.isEmpty()) {
            segments.add(new Segment(out.toByteArray(), now, false, false));
            out.clear();
        }
    }

    /** @return whether no reply is held */
    boolean isEmpty() {
        return segments.isEmpty();
    }

    /**
     * Copies released bytes into {@code buffer}, in order, stopping at the first reply still held
     * and after a reply that closes the connection.
     *
     * @param buffer the write buffer
     * @param now the current {@link System#nanoTime()}
     */
    void drainTo(ByteBuffer buffer, long now) {
        while (buffer.hasRemaining() && !segments.isEmpty() && !closeNow) {
            Segment head = segments.peek();
            if (!head.released(now)) {
                return;
            }
            int n = Math.min(buffer.remaining(), head.bytes().length - offset);
            buffer.put(head.bytes(), offset, n);
            offset += n;
            if (offset == head.bytes().length) {
                segments.poll();
                offset = 0;
                closeNow = head.closeAfter();
            }
        }
    }

    /** @return whether a reply that closes the connection has been handed out entirely */
    boolean closing() {
        return closeNow;
    }

    /**
     * @param now the current {@link System#nanoTime()}
     * @return the nanoTime at which the first held reply is released, or {@link Long#MAX_VALUE} when none is
     *         waiting for a time (nothing held, or held forever)
     */
    long nextRelease(long now) {
        Segment head = segments.peek();
        if (head == null || head.forever() || head.released(now)) {
            return Long.MAX_VALUE;
        }
        return head.releaseAt();
    }
}
