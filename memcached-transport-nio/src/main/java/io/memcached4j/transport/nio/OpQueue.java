package io.memcached4j.transport.nio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The hand-off from callers to an event loop: a multi-producer single-consumer linked queue in
 * which each {@link Op} is its own node (Vyukov's MPSC queue), so submitting allocates nothing and
 * costs one atomic swap. The last op consumed stays as the queue's stub until the next poll.
 */
final class OpQueue {
    private static final VarHandle TAIL;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(OpQueue.class, "tail", Op.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through TAIL
    private volatile Op<?, ?> tail;
    /** The consumer's side; only the loop touches it. */
    private Op<?, ?> head;

    OpQueue() {
        Op<?, ?> stub = new Op<>(null, null, null, 0L, 0L, true, null);
        head = stub;
        tail = stub;
    }

    /**
     * Adds an op; any thread.
     *
     * @param op an op never offered before
     */
    void offer(Op<?, ?> op) {
        Op<?, ?> previous = (Op<?, ?>) TAIL.getAndSet(this, op);
        previous.next = op;
    }

    /**
     * Takes the oldest op; the consumer thread only.
     *
     * @return the op, or null when none is visible yet
     */
    Op<?, ?> poll() {
        Op<?, ?> h = head;
        Op<?, ?> n = h.next;
        if (n == null) {
            return null;
        }
        head = n;
        h.next = null;
        return n;
    }

    /**
     * Visits the ops not yet polled, from any thread: a stale view while the consumer polls
     * (the walk stops at an op it has just taken), complete while it does not.
     *
     * @param visitor called for each op seen
     */
    void forEachRacy(Consumer<Op<?, ?>> visitor) {
        for (Op<?, ?> op = head.next; op != null; op = op.next) {
            visitor.accept(op);
        }
    }

    /**
     * Tells whether no op was offered since the last poll. A producer between its swap and its link
     * makes this false while {@link #poll} still returns null for a moment.
     *
     * @return true when empty
     */
    boolean isEmpty() {
        return head == tail;
    }
}
