package io.memcached4j.transport.nio;

import io.memcached4j.core.ClientFuture;
import io.memcached4j.core.ReplyMapper;
import io.memcached4j.core.codec.Request;

/**
 * One request in flight, and its future: the future is the operation, so a request costs the
 * request record, this object and the reply. Completed on the event loop.
 *
 * @param <D> the decoded reply type
 * @param <T> the result type
 */
final class Op<D, T> extends ClientFuture<T> {
    final Request<D> request;
    final Connection connection;
    /** {@link System#nanoTime()} after which the request fails with a timeout. */
    final long deadline;
    /** Whether a blocking caller sent it; else it counts in {@link Connection#asyncInFlight}. */
    final boolean blocking;
    private final ReplyMapper<D, T> mapper;
    /**
     * The offset of its first byte in its connection's output stream (see {@link Connection}): bytes
     * read before that byte was handed to the socket cannot be its reply. Set when it is encoded,
     * under the connection's write lock, before it is published to the loop.
     */
    long wireStart;
    /** The link of {@link OpQueue}; written by producers, read by the loop. */
    volatile Op<?, ?> next;
    /** The single-key gets a {@link GetBatch} sends as this one multi-key get; null for any other request. */
    final Op<?, ?>[] members;

    /**
     * @param start {@link System#nanoTime()} when the client took the request: its future's stamp
     * @param deadline {@link System#nanoTime()} after which it fails with a timeout
     * @param observer the client's observer of the request, or null
     */
    Op(Request<D> request, ReplyMapper<D, T> mapper, Connection connection, long start, long deadline, boolean blocking,
       ClientFuture.Observer observer) {
        super(connection == null ? null : connection.node.guard, start, observer, request);
        this.request = request;
        this.mapper = mapper;
        this.connection = connection;
        this.deadline = deadline;
        this.blocking = blocking;
        this.members = null;
    }

    /** A batch: its own future is never a caller's; {@code deadline} is its last member's. */
    Op(Request<D> request, Connection connection, Op<?, ?>[] members, long deadline) {
        super(null);
        this.request = request;
        this.mapper = null;
        this.connection = connection;
        this.deadline = deadline;
        this.blocking = true;
        this.members = members;
    }

    /** Fails the request, or each member of a batch not yet done. */
    @Override
    public boolean completeExceptionally(Throwable ex) {
        if (members != null) {
            for (Op<?, ?> member : members) {
                member.completeExceptionally(ex);
            }
        }
        return super.completeExceptionally(ex);
    }

    /**
     * Completes the future with the mapped reply, or with the mapper's exception.
     *
     * @param decoded the decoder's result for {@link #request}
     * @param readAt {@link System#nanoTime()} when the reply was read
     */
    void succeed(Object decoded, long readAt) {
        succeed(this, request, mapper, decoded, readAt);
    }

    /**
     * Completes a future with a mapped reply, or with the mapper's exception: for an {@link Op} and
     * for a lane's call alike.
     *
     * @param readAt {@link System#nanoTime()} when the reply was read
     */
    static <D, T> void succeed(ClientFuture<T> future, Request<D> request, ReplyMapper<D, T> mapper, Object decoded,
                               long readAt) {
        T value;
        try {
            value = mapper.map(request, cast(decoded));
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return;
        }
        future.complete(value, readAt);
    }

    @SuppressWarnings("unchecked") // the decoder returns the type its Request<D> documents
    private static <D> D cast(Object decoded) {
        return (D) decoded;
    }
}
