package io.memcached4j.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * The future a client returns: a {@link CompletableFuture} whose blocking {@code get} and
 * {@code join}, while unfinished, throw {@link IllegalStateException} on the client's I/O thread
 * instead of deadlocking it ({@link IoThreadGuard}). Stages derived from it guard the same way.
 * Transports extend it for their in-flight requests. The client can {@link #observe} one, to hear
 * its result before anything that depends on it, without a stage of its own.
 *
 * @param <T> the result type
 */
public class ClientFuture<T> extends CompletableFuture<T> {
    private static final VarHandle OBSERVER;
    /** {@link #observer} once the observer was told, or is being told by the completion that wins. */
    private static final Object TOLD = new Object();

    static {
        try {
            OBSERVER = MethodHandles.lookup().findVarHandle(ClientFuture.class, "observer", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final IoThreadGuard guard;
    /** Null; the {@link #observe observer} not yet told; or {@link #TOLD}. */
    private volatile Object observer;

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

    /**
     * Has the observer told this future's result once, by the thread that completes it, before
     * it completes and runs its dependents; at once, on this thread, when it is already complete.
     * For the client only, before the future is handed to its caller; at most once per future.
     *
     * @param o told the value, or the failure (null, the other)
     * @throws IllegalStateException when the future is already observed
     */
    void observe(BiConsumer<? super T, ? super Throwable> o) {
        if (!OBSERVER.compareAndSet(this, null, o)) {
            throw new IllegalStateException("a ClientFuture is observed once");
        }
        if (isDone() && OBSERVER.compareAndSet(this, o, TOLD)) { // completed before, or while, it was set
            T value;
            try {
                value = getNow(null);
            } catch (CompletionException e) {
                o.accept(null, e.getCause());
                return;
            } catch (CancellationException e) {
                o.accept(null, e);
                return;
            }
            o.accept(value, null);
        }
    }

    /**
     * Claims the observer for a completion about to happen.
     *
     * @return the observer to tell; null when there is none yet; {@link #TOLD} when another completion
     *     has it (and so completes the future: this one must not)
     */
    private Object claim() {
        Object o = observer;
        if (o == null || o == TOLD) {
            return o;
        }
        return OBSERVER.compareAndSet(this, o, TOLD) ? o : TOLD;
    }

    /** How {@link #finish} completes the future. */
    private static final int VALUE = 0;
    private static final int FAILURE = 1;
    private static final int CANCEL = 2;

    /**
     * Every completion of a caller: the observer, if any, is told first, by the completion that
     * claims it; a completion that finds it claimed by another leaves the future to that one.
     */
    private boolean finish(int how, T value, Throwable failure, boolean mayInterruptIfRunning) {
        Object o = claim();
        if (o == TOLD) {
            return false;
        }
        if (o == null) { // always so without an observer: one volatile read
            boolean completed = completeAs(how, value, failure, mayInterruptIfRunning);
            Object late = completed ? observer : null; // set while this completion ran
            if (late != null && late != TOLD && OBSERVER.compareAndSet(this, late, TOLD)) {
                tell(late, how, value, failure);
            }
            return completed;
        }
        boolean completed = false;
        try {
            tell(o, how, value, failure);
        } finally {
            completed = completeAs(how, value, failure, mayInterruptIfRunning);
        }
        return completed;
    }

    private boolean completeAs(int how, T value, Throwable failure, boolean mayInterruptIfRunning) {
        switch (how) {
            case VALUE:
                return super.complete(value);
            case FAILURE:
                return super.completeExceptionally(failure);
            default:
                return super.cancel(mayInterruptIfRunning);
        }
    }

    @SuppressWarnings("unchecked") // observe() takes only observers of this future's type
    private static <T> void tell(Object o, int how, T value, Throwable failure) {
        ((BiConsumer<? super T, ? super Throwable>) o).accept(value,
                how == CANCEL ? new CancellationException() : failure);
    }

    @Override
    public boolean complete(T value) {
        return finish(VALUE, value, null, false);
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        return finish(FAILURE, null, Objects.requireNonNull(ex, "ex"), false);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return finish(CANCEL, null, null, mayInterruptIfRunning);
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
