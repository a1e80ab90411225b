package io.memcached4j.transport.nio;

import io.memcached4j.MemcachedTimeoutException;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The requests a connection's channel was given that await their replies, oldest first: each reply
 * is for the oldest. A request that times out stays as a placeholder, counted in {@code timedOut}
 * (always the oldest ones), so that its late reply is matched and dropped. Loop thread, except
 * {@link #callerWrote}, which a caller calls under the connection's write lock.
 */
final class AwaitingReplies {
    /** Requests a caller wrote itself, in wire order, not yet moved to {@code inflight}. */
    private final OpQueue written = new OpQueue();
    private final OpRing inflight = new OpRing();
    private final Consumer<Op<?, ?>> release;
    private final Function<Op<?, ?>, MemcachedTimeoutException> timeout;
    private int timedOut;

    /**
     * @param release frees the slot of a request leaving the connection
     * @param timeout makes the failure of a request whose deadline passed
     */
    AwaitingReplies(Consumer<Op<?, ?>> release, Function<Op<?, ?>, MemcachedTimeoutException> timeout) {
        this.release = release;
        this.timeout = timeout;
    }

    /** Records a request a caller wrote to the channel itself; under the connection's write lock. */
    void callerWrote(Op<?, ?> op) {
        written.offer(op);
    }

    /** Records a request the loop encoded; under the write lock, so after every request a caller wrote before it. */
    void loopWrote(Op<?, ?> op) {
        takeWritten();
        inflight.add(op);
    }

    /** @return the oldest request awaiting a reply, timed out or not, or null */
    Op<?, ?> oldest() {
        Op<?, ?> op = inflight.peek();
        if (op == null) {
            takeWritten();
            op = inflight.peek();
        }
        return op;
    }

    /** Removes the oldest request and frees its slot; a timed-out one comes back as a dummy whose completion is ignored. */
    Op<?, ?> removeOldest() {
        Op<?, ?> op = inflight.poll();
        release.accept(op);
        if (timedOut > 0) {
            timedOut--;
        }
        return op;
    }

    /** Fails the oldest request with the cause of its connection's end, unless it has timed out. */
    void failOldest(RuntimeException cause) {
        if (timedOut == 0 && !inflight.isEmpty()) {
            removeOldest().completeExceptionally(cause);
        }
    }

    /** Removes every request, failing those not timed out. */
    void failAll(Supplier<? extends RuntimeException> failure) {
        takeWritten();
        while (!inflight.isEmpty()) {
            boolean wasTimedOut = timedOut > 0;
            Op<?, ?> op = removeOldest();
            if (!wasTimedOut) {
                op.completeExceptionally(failure.get());
            }
        }
        timedOut = 0;
    }

    /** Removes every request, all timed out: a connection that is replaced because its server stopped answering. */
    void dropTimedOut() {
        takeWritten();
        while (!inflight.isEmpty()) {
            removeOldest();
        }
        timedOut = 0;
    }

    /**
     * Fails every request whose deadline has passed. Deadlines are almost in order: a caller
     * descheduled between taking its start time and submitting can be behind a later one. Such a
     * request fails on time too; the oldest-first count takes it in when its turn comes.
     */
    void expire(long now) {
        takeWritten();
        while (timedOut < inflight.size()) {
            Op<?, ?> op = inflight.get(timedOut);
            if (now - op.deadline < 0) {
                break;
            }
            timedOut++;
            if (op.members != null) {
                expireIfOverdue(op, now); // a timeout of its own for each member
            } else {
                op.completeExceptionally(timeout.apply(op));
            }
        }
        for (int i = timedOut; i < inflight.size(); i++) {
            expireIfOverdue(inflight.get(i), now);
        }
    }

    /**
     * Fails the requests whose deadline passed, from the watchdog while the loop is blocked: it may
     * miss requests added meanwhile, never fails one early, and leaves {@code timedOut} to the loop.
     */
    void expireRacy(long now) {
        inflight.forEachRacy(op -> expireIfOverdue(op, now));
        written.forEachRacy(op -> expireIfOverdue(op, now));
    }

    /** Fails a request whose deadline has passed, or each such member of a {@link GetBatch}; any thread. */
    void expireIfOverdue(Op<?, ?> op, long now) {
        if (op.members != null) {
            for (Op<?, ?> member : op.members) {
                expireIfOverdue(member, now);
            }
        } else if (now - op.deadline >= 0 && !op.isDone()) {
            op.completeExceptionally(timeout.apply(op));
        }
    }

    /** @return how many of the oldest requests have timed out */
    int timedOut() {
        return timedOut;
    }

    /** @return whether every request awaiting a reply has timed out (true when there are none) */
    boolean allTimedOut() {
        takeWritten();
        return timedOut == inflight.size();
    }

    /** @return the deadline of the oldest request; only when there is one */
    long oldestDeadline() {
        return inflight.peek().deadline;
    }

    boolean isEmpty() {
        return inflight.isEmpty() && written.isEmpty();
    }

    private void takeWritten() {
        Op<?, ?> op;
        while ((op = written.poll()) != null) {
            inflight.add(op);
        }
    }
}
