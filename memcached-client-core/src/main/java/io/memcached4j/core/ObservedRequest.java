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
 * The future of a request a {@link ClientListener} hears: made only when the client has a listener.
 * It tells the listener that the request started when made, and, as the only callback of the
 * transport's future, that it finished (with its outcome and duration) before it completes itself
 * with the same result, so the duration never includes the caller's own callbacks.
 *
 * @param <T> the result type
 */
final class ObservedRequest<T> extends ClientFuture<T> implements BiConsumer<T, Throwable> {
    private final ClientListener listener;
    private final Request<?> request;
    private final String command;
    private final ServerAddress server;
    private final long start;
    private final Object context;
    private volatile CompletableFuture<T> source;

    ObservedRequest(IoThreadGuard guard, ClientListener listener, Request<?> request, ServerAddress server) {
        super(guard);
        this.listener = listener;
        this.request = request;
        this.command = command(request);
        this.server = server;
        this.start = System.nanoTime();
        this.context = listener.requestStarted(command, server);
    }

    /**
     * Follows the transport's future of this request.
     *
     * @param transportFuture the future {@link RequestDispatcher#send} returned
     * @return this
     */
    ObservedRequest<T> follow(CompletableFuture<T> transportFuture) {
        source = transportFuture;
        transportFuture.whenComplete(this);
        return this;
    }

    /** Reports the request and completes this future as the transport's completed. */
    @Override
    public void accept(T result, Throwable failure) {
        long duration = System.nanoTime() - start;
        if (failure == null) {
            Outcome outcome = outcome(request, result);
            if (request instanceof Request.Retrieval retrieval) {
                int hits = hits(result);
                listener.retrieved(context, command, server, hits, retrieval.keys().size() - hits);
            } else if (outcome == Outcome.HIT || outcome == Outcome.MISS) {
                listener.retrieved(context, command, server, outcome == Outcome.HIT ? 1 : 0, outcome == Outcome.MISS ? 1 : 0);
            }
            listener.requestFinished(context, command, server, outcome, duration, null);
            complete(result);
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
        completeExceptionally(cause);
    }

    /** Cancels the transport's request too, so a request not yet written is never sent. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        CompletableFuture<T> s = source;
        if (s != null) {
            s.cancel(mayInterruptIfRunning);
        }
        return super.cancel(mayInterruptIfRunning);
    }

    /** @return the command word of a request, such as {@code get} or {@code mg} */
    static String command(Request<?> request) {
        if (request instanceof Request.Retrieval r) {
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
        if (request instanceof Request.Retrieval) {
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
