package io.memcached4j.testkit.internal.inmem;

import io.memcached4j.core.ClientFuture;
import io.memcached4j.core.IoThreadGuard;
import io.memcached4j.core.ReplyMapper;
import io.memcached4j.core.RequestSlots;
import io.memcached4j.core.codec.Request;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request awaiting its reply; the future is the operation. It holds a request slot of its
 * connection from {@code send} until the transport is done with it (reply matched, never sent, or
 * connection ended), which may be after the future timed out.
 *
 * @param <D> the decoded reply type
 * @param <T> the result type
 */
final class Pending<D, T> extends ClientFuture<T> {
    private final Request<D> request;
    private final ReplyMapper<D, T> mapper;
    private final RequestSlots slots;
    private final AtomicBoolean released = new AtomicBoolean();

    Pending(IoThreadGuard guard, Request<D> request, ReplyMapper<D, T> mapper, RequestSlots slots) {
        super(guard);
        this.request = request;
        this.mapper = mapper;
        this.slots = slots;
    }

    /** Gives the request slot back; idempotent. */
    void release() {
        if (released.compareAndSet(false, true)) {
            slots.release();
        }
    }

    /** Fails the request and gives its slot back. */
    void fail(Throwable failure) {
        completeExceptionally(failure);
        release();
    }

    Request<D> request() {
        return request;
    }

    /** Completes with the mapped reply, or with what the mapper throws, and gives the slot back. */
    @SuppressWarnings("unchecked") // the decoder returns the reply type the request declares
    void answer(Object reply) {
        release();
        try {
            complete(mapper.map(request, (D) reply));
        } catch (RuntimeException e) {
            completeExceptionally(e);
        }
    }
}
