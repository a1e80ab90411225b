package io.memcached4j.core;

import io.memcached4j.BackpressureException;
import io.memcached4j.CacheMissException;
import io.memcached4j.CasConflictException;
import io.memcached4j.ClientListener;
import io.memcached4j.ClientListener.Outcome;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.MetaCommand;
import io.memcached4j.MetaResponse;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.codec.Request;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * What a client with a {@link ClientListener} hands the transport with each request to one server,
 * one for all of them: tells the listener that a request started when its future is made, and that
 * it finished (with its outcome and duration) before the future the caller gets completes, so the
 * duration never includes the caller's own callbacks. A transport's {@link ClientFuture} is made
 * with it (or observed) and returned as it is: no stage and no object of its own per request; any
 * other future is followed by a {@link ClientFuture} of its own. A transport that
 * {@link RequestDispatcher#stampsFutures stamps its futures} times its requests with its own clock
 * reads: the client reads none.
 */
final class RequestObserver implements ClientFuture.Observer {
    private final ClientListener listener;
    private final ServerAddress server;

    RequestObserver(ClientListener listener, ServerAddress server) {
        this.listener = listener;
        this.server = server;
    }

    /** Tells the listener the request starts; a listener's exception was logged by {@code ClientListeners}. */
    @Override
    public Object started(Request<?> request) {
        return listener.requestStarted(command(request), server);
    }

    /**
     * Reports the request when the transport's future completes.
     *
     * @param request the request
     * @param transportFuture the future {@link RequestDispatcher#send} returned
     * @param start {@link System#nanoTime()} before the request was handed to the transport, or
     *     {@link ClientFuture#UNSTAMPED} when the transport stamps its futures
     * @param guard the client's guard, for the future of its own a foreign future needs
     * @param <T> the result type
     * @return the future for the caller
     */
    <T> CompletableFuture<T> follow(Request<?> request, CompletableFuture<T> transportFuture, long start, IoThreadGuard guard) {
        if (transportFuture instanceof ClientFuture<T> observable) {
            observable.observe(this, request, start);
            return observable;
        }
        Follower<T> follower = new Follower<>(guard, transportFuture);
        follower.observe(this, request, start);
        transportFuture.whenComplete(follower);
        return follower;
    }

    /** Reports a request the transport refused by throwing: started, then finished with the failure. */
    void refused(Request<?> request, long start, Throwable failure) {
        Object context = started(request);
        finished(request, context, null, failure, start == ClientFuture.UNSTAMPED ? 0 : System.nanoTime() - start);
    }

    /** Reports the request as the transport's future completed. */
    @Override
    public void finished(Request<?> request, Object context, Object result, Throwable failure, long duration) {
        String command = command(request);
        if (failure == null) {
            Outcome outcome;
            int keys = keyCount(request);
            if (keys > 0) { // as outcome() says of a retrieval
                int hits = hits(result);
                outcome = hits > 0 ? Outcome.HIT : Outcome.MISS;
                listener.retrieved(context, command, server, hits, keys - hits);
            } else {
                outcome = outcome(request, result);
                if (outcome == Outcome.HIT || outcome == Outcome.MISS) { // a meta get
                    listener.retrieved(context, command, server, outcome == Outcome.HIT ? 1 : 0, outcome == Outcome.MISS ? 1 : 0);
                }
            }
            listener.requestFinished(context, command, server, outcome, duration, null);
            return;
        }
        Throwable cause = MemcachedException.unwrap(failure);
        Outcome outcome;
        if (cause instanceof CasConflictException) {
            outcome = Outcome.NOT_STORED;
        } else if (cause instanceof CacheMissException) {
            outcome = Outcome.NOT_FOUND;
        } else {
            outcome = Outcome.ERROR;
            if (cause instanceof MemcachedTimeoutException) {
                listener.timeout(command, server);
            } else if (cause instanceof BackpressureException) {
                listener.backpressure(command, server);
            }
        }
        listener.requestFinished(context, command, server, outcome, duration, cause);
    }

    /**
     * The caller's future when the transport's is not a {@link ClientFuture}: completes with the
     * same result, as that future's only callback, and is observed itself.
     */
    private static final class Follower<T> extends ClientFuture<T> implements BiConsumer<T, Throwable> {
        private final CompletableFuture<T> source;

        Follower(IoThreadGuard guard, CompletableFuture<T> source) {
            super(guard);
            this.source = source;
        }

        @Override
        public void accept(T result, Throwable failure) {
            if (failure == null) {
                complete(result);
            } else {
                completeExceptionally(MemcachedException.unwrap(failure));
            }
        }

        /** Cancels the transport's request too, so a request not yet written is never sent. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            source.cancel(mayInterruptIfRunning);
            return super.cancel(mayInterruptIfRunning);
        }
    }

    /** @return the number of keys of a classic retrieval ({@code get}, {@code gets}, ...), 0 for any other request */
    private static int keyCount(Request<?> request) {
        if (request instanceof Request.GetAll g) {
            return g.keys().size();
        }
        return request instanceof Request.Retrieval r ? r.keys().size() : 0;
    }

    /** @return the command word of a request, such as {@code get} or {@code mg} */
    static String command(Request<?> request) {
        if (request instanceof Request.GetAll) {
            return "get";
        } else if (request instanceof Request.Retrieval r) {
            return r.command().token();
        } else if (request instanceof Request.Storage s) {
            return s.command().token();
        } else if (request instanceof Request.Meta m) {
            return m.request().command().token();
        } else if (request instanceof Request.Deletion) {
            return "delete";
        } else if (request instanceof Request.Arithmetic a) {
            return a.increment() ? "incr" : "decr";
        } else if (request instanceof Request.Touch) {
            return "touch";
        } else if (request instanceof Request.FlushAll) {
            return "flush_all";
        } else if (request instanceof Request.Version) {
            return "version";
        } else if (request instanceof Request.Stats) {
            return "stats";
        } else if (request instanceof Request.Verbosity) {
            return "verbosity";
        } else if (request instanceof Request.RawLine) {
            return "raw";
        }
        return "quit";
    }

    /** The keys a retrieval's result holds, whichever mapping the client used. */
    private static int hits(Object result) {
        if (result instanceof Optional<?> o) {
            return o.isPresent() ? 1 : 0;
        } else if (result instanceof List<?> l) {
            return l.size();
        } else if (result instanceof Map<?, ?> m) {
            return m.size();
        }
        return 0;
    }

    /** How a request that succeeded with this result ended. */
    static Outcome outcome(Request<?> request, Object result) {
        if (request instanceof Request.Retrieval || request instanceof Request.GetAll) {
            return hits(result) > 0 ? Outcome.HIT : Outcome.MISS;
        } else if (request instanceof Request.Storage) {
            return Boolean.FALSE.equals(result) ? Outcome.NOT_STORED : Outcome.STORED;
        } else if (request instanceof Request.Deletion || request instanceof Request.Touch) {
            return Boolean.FALSE.equals(result) ? Outcome.NOT_FOUND : Outcome.OK;
        } else if (request instanceof Request.Arithmetic) {
            return result instanceof OptionalLong o && o.isEmpty() ? Outcome.NOT_FOUND : Outcome.OK;
        } else if (request instanceof Request.Meta meta && result instanceof MetaResponse response) {
            return metaOutcome(meta.request().command(), response);
        }
        return Outcome.OK;
    }

    private static Outcome metaOutcome(MetaCommand command, MetaResponse response) {
        switch (response.status()) {
            case MISS:
                return command == MetaCommand.GET ? Outcome.MISS : Outcome.NOT_FOUND;
            case NOT_FOUND:
                return Outcome.NOT_FOUND;
            case NOT_STORED:
            case EXISTS:
                return Outcome.NOT_STORED;
            default:
                if (command == MetaCommand.GET) {
                    return Outcome.HIT;
                }
                return command == MetaCommand.SET ? Outcome.STORED : Outcome.OK;
        }
    }
}
