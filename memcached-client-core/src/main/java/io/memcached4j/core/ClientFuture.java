package io.memcached4j.core;

import io.memcached4j.core.codec.Request;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future a client returns: a {@link CompletableFuture} whose blocking {@code get} and
 * {@code join}, while unfinished, throw {@link IllegalStateException} on the client's I/O thread
 * instead of deadlocking it ({@link IoThreadGuard}). Stages derived from it guard the same way.
 * Transports extend it for their in-flight requests. A client with a listener has its
 * {@link Observer} told the result before anything that depends on it runs, without a stage of its
 * own: a transport makes the future with the observer and the request
 * ({@link #ClientFuture(IoThreadGuard, long, Observer, Request)}), or the client {@link #observe}s
 * it once it is returned. The future keeps what the observer needs (the request and what the
 * observer returned when it started), so observing allocates nothing. A transport that stamps its
 * futures, with the {@link System#nanoTime()} it took the request at ({@link #ClientFuture(IoThreadGuard,
 * long)}) and read the reply at ({@link #complete(Object, long)}), spares the observer clock reads
 * of its own: the clock it already read for its deadline serves.
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

    /** A stamp not given. */
    static final long UNSTAMPED = Long.MIN_VALUE;

    private final IoThreadGuard guard;
    /** Null; the {@link Observer} not yet told; or {@link #TOLD}. */
    private volatile Object observer;
    /** The observed request, null when not observed; written before the observer is published. */
    private Request<?> request;
    /** What the observer returned when the request started; written before the observer is published. */
    private Object context;
    /** {@link System#nanoTime()} when the request was taken, or {@link #UNSTAMPED}; set before it is observed. */
    private long startNanos;
    /** {@link System#nanoTime()} when its reply was read, or {@link #UNSTAMPED}; written before the completion that tells the observer. */
    private long readNanos = UNSTAMPED;

    /**
     * Creates an unfinished future, not stamped: an observer times it from when it is observed.
     *
     * @param guard the client's guard; null for a future never returned to callers (a queue stub)
     */
    public ClientFuture(IoThreadGuard guard) {
        this(guard, UNSTAMPED);
    }

    /**
     * Creates an unfinished future for a request taken at {@code startNanos}.
     *
     * @param guard the client's guard; null for a future never returned to callers (a queue stub)
     * @param startNanos {@link System#nanoTime()} when the transport took the request
     */
    public ClientFuture(IoThreadGuard guard, long startNanos) {
        this.guard = guard;
        this.startNanos = startNanos;
    }

    /**
     * Creates an unfinished future for a request taken at {@code startNanos}, observed from the start:
     * the observer hears that the request started now, on this thread, and the completion that wins
     * tells it the result first, as {@link #observe} would arrange.
     *
     * @param guard the client's guard
     * @param startNanos {@link System#nanoTime()} when the transport took the request; {@link #UNSTAMPED} to take now
     * @param observer the observer the client handed the transport with the request; null for none
     * @param request the request the client handed the transport with the observer, which the observer is told of
     */
    public ClientFuture(IoThreadGuard guard, long startNanos, Observer observer, Request<?> request) {
        this.guard = guard;
        this.startNanos = startNanos == UNSTAMPED && observer != null ? System.nanoTime() : startNanos;
        if (observer != null) {
            this.request = Objects.requireNonNull(request, "request");
            this.context = observer.started(request);
            OBSERVER.set(this, observer); // plain: the future reaches another thread only through a safe publication
        }
    }

    /**
     * What a client with a listener hands a transport with each request, for the transport to make
     * the request's future with: told that the request started, then its result, once. One serves
     * every request to a server; what belongs to one request, the future keeps.
     */
    public interface Observer {
        /**
         * A future was made for the request, on the thread that sends it, before it is sent.
         *
         * @param request the request
         * @return what {@link #finished} gets back for it; may be null
         */
        Object started(Request<?> request);

        /**
         * Hears the request's result, on the thread that completes its future, before anything
         * that depends on the future runs.
         *
         * @param request the request
         * @param context what {@link #started} returned for it
         * @param value the result; null on failure
         * @param failure the failure; null on success
         * @param durationNanos from the request's start to its reply's read, or to its completion
         */
        void finished(Request<?> request, Object context, Object value, Throwable failure, long durationNanos);
    }

    private void refuseIfBlocking() {
        if (guard != null && !isDone()) {
            guard.refuseBlocking("waiting for an unfinished memcached future");
        }
    }

    /**
     * Has the observer told this future's result once, by the thread that completes it, before
     * it completes and runs its dependents; at once, on this thread, when it is already complete.
     * For the client only, before the future is handed to its caller; nothing to do for a future
     * made with the observer.
     *
     * @param o the observer: told that the request started, now, then its result
     * @param observed the request
     * @param start {@link System#nanoTime()} the request started at, for a future the transport did
     *     not stamp; {@link #UNSTAMPED} to take now
     * @throws IllegalStateException when the future is already observed by another request's observer
     */
    void observe(Observer o, Request<?> observed, long start) {
        if (request != null) { // made with its observer, before any completion could run
            if (request != observed) {
                throw new IllegalStateException("a ClientFuture is observed once");
            }
            return;
        }
        if (startNanos == UNSTAMPED) { // written before the publication below, which the telling thread reads
            startNanos = start == UNSTAMPED ? System.nanoTime() : start;
        }
        request = Objects.requireNonNull(observed, "request");
        context = o.started(observed);
        if (!OBSERVER.compareAndSet(this, null, o)) {
            throw new IllegalStateException("a ClientFuture is observed once");
        }
        if (isDone() && OBSERVER.compareAndSet(this, o, TOLD)) { // completed before, or while, it was set
            T value;
            try {
                value = getNow(null);
            } catch (CompletionException e) {
                o.finished(observed, context, null, e.getCause(), duration());
                return;
            } catch (CancellationException e) {
                o.finished(observed, context, null, e, duration());
                return;
            }
            o.finished(observed, context, value, null, duration());
        }
    }

    /** @return from the start to the reply's read, or to now when the read was not stamped */
    private long duration() {
        long end = readNanos;
        return (end == UNSTAMPED ? System.nanoTime() : end) - startNanos;
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

    private void tell(Object o, int how, T value, Throwable failure) {
        ((Observer) o).finished(request, context, value, how == CANCEL ? new CancellationException() : failure, duration());
    }

    @Override
    public boolean complete(T value) {
        return finish(VALUE, value, null, false);
    }

    /**
     * Completes with a value from a reply read at {@code readNanos}, which an observer takes as the
     * request's end; as {@link #complete(Object)} otherwise.
     *
     * @param value the result
     * @param readNanos {@link System#nanoTime()} when the reply was read
     * @return whether this call completed the future
     */
    public boolean complete(T value, long readNanos) {
        if (!isDone()) {
            this.readNanos = readNanos; // written before finish() publishes the completion
        }
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
