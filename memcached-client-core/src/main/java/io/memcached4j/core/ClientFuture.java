package io.memcached4j.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future a client returns: a {@link CompletableFuture} whose blocking {@code get} and
 * {@code join}, while unfinished, throw {@link IllegalStateException} on the client's I/O thread
 * instead of deadlocking it ({@link IoThreadGuard}). Stages derived from it guard the same way.
 * Transports extend it for their in-flight requests.
 *
 * @param <T> the result type
 */
public class ClientFuture<T> extends CompletableFuture<T> {
    private final IoThreadGuard guard;

    /**
     * Creates an unfinished future.
     *
     * @param guard the client's guard; null for a future never returned to callers (a queue stub)
     */
    public ClientFuture(IoThreadGuard guard) {
        this.guard = guard;
    }

    private void refuseIfBlocking() {
        if (guard != null && !isDone()) {
            guard.refuseBlocking("waiting for an unfinished memcached future");
        }
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        refuseIfBlocking();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        refuseIfBlocking();
        return super.get(timeout, unit);
    }

    @Override
    public T join() {
        refuseIfBlocking();
        return super.join();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new ClientFuture<>(guard);
    }
}
