package io.memcached4j.testkit.inmem;

import io.memcached4j.core.ReplyMapper;
import io.memcached4j.spi.Request;

import java.util.concurrent.CompletableFuture;

/**
 * One request awaiting its reply; the future is the operation.
 *
 * @param <D> the decoded reply type
 * @param <T> the result type
 */
final class Pending<D, T> extends CompletableFuture<T> {
    private final Request<D> request;
    private final ReplyMapper<D, T> mapper;

    Pending(Request<D> request, ReplyMapper<D, T> mapper) {
        this.request = request;
        this.mapper = mapper;
    }

    Request<D> request() {
        return request;
    }

    /** Completes with the mapped reply, or with what the mapper throws. */
    @SuppressWarnings("unchecked")
    void answer(Object reply) {
        try {
            complete(mapper.map(request, (D) reply));
        } catch (RuntimeException e) {
            completeExceptionally(e);
        }
    }
}
