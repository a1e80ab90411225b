package io.memcached4j.testkit.internal.inmem;

import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.RequestSlots;
import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.ResponseDecoder;
import io.memcached4j.testkit.internal.server.ServerRegistry;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A client's in-memory connection to one server: the request bytes go to a {@link ServerEnd},
 * its reply bytes to the client's decoder, in FIFO order as on a socket. A request that timed
 * out stays in the queue, so its late reply is still matched (and dropped); once every request
 * in the queue timed out, the next request opens a new session.
 * Everything but {@link #slots} is touched only by the client's loop thread.
 */
final class ServerConnection {
    private static final int INITIAL_BUFFER = 8 * 1024;

    final ServerAddress address;
    /** Request slots: {@code ClientConfig.maxRequestsInFlight} per connection. */
    final RequestSlots slots;
    private final ProtocolCodec codec;
    private final BiConsumer<Long, Runnable> later;
    private final ArrayDeque<Pending<?, ?>> awaiting = new ArrayDeque<>();
    private ServerEnd end;
    private ResponseDecoder decoder;
    private ByteBuffer replies = ByteBuffer.allocate(INITIAL_BUFFER);
    /** Its server was removed from the client's list: requests sent from now on fail. Any thread. */
    volatile boolean removed;

    /**
     * @param later runs a task on the loop thread after a number of nanoseconds
     */
    ServerConnection(ServerAddress address, ProtocolCodec codec, int maxRequestsInFlight, BiConsumer<Long, Runnable> later) {
        this.address = address;
        this.codec = codec;
        this.slots = new RequestSlots(maxRequestsInFlight, address);
        this.later = later;
    }

    /**
     * Sends a request's bytes to the server this address names now and completes every request
     * whose reply is complete.
     */
    void deliver(Pending<?, ?> pending, ByteBuffer request) {
        if (pending.isDone()) {
            pending.release(); // timed out while queued: it never reaches the server
            return;
        }
        if (!awaiting.isEmpty() && awaiting.stream().allMatch(CompletableFuture::isDone)) {
            // every request on it timed out (a stalled or slow server): start afresh, as a socket transport does
            disconnect(new MemcachedConnectionException("memcached " + address + " did not answer in time"));
        }
        ServerRegistry.Server current = ServerRegistry.serverAt(address);
        if (end == null || current != end.server) {
            if (end != null) {
                disconnect(new MemcachedConnectionException("memcached " + address + " was replaced"));
            }
            end = ServerEnd.connect(current);
            if (end == null) {
                pending.fail(new MemcachedConnectionException("memcached " + address + " refused the connection"));
                return;
            }
            decoder = codec.newDecoder();
            replies.clear();
        }
        awaiting.add(pending);
        end.receive(request);
        served(end);
    }

    /**
     * Takes the server's due replies and completes their requests, then ends the connection if the
     * server closes it, or comes back when a held-back reply is due.
     */
    private void served(ServerEnd server) {
        if (server != end) {
            return; // disconnected meanwhile
        }
        readReplies();
        if (end == null) {
            return; // a protocol error ended it
        }
        if (end.session.isClosing()) {
            disconnect(new MemcachedConnectionException("memcached " + address + " closed the connection"));
        } else {
            end.scheduleRelease(later, () -> served(server));
        }
    }

    private void readReplies() {
        replies = end.drainTo(replies);
        replies.flip();
        while (!awaiting.isEmpty()) {
            Pending<?, ?> next = awaiting.peek();
            Object reply;
            try {
                reply = decoder.decode(next.request(), replies);
            } catch (ProtocolException e) {
                disconnect(e);
                return;
            } catch (MemcachedException e) {
                awaiting.poll();
                next.fail(e);
                continue;
            }
            if (reply == ResponseDecoder.NEED_MORE) {
                break;
            }
            awaiting.poll();
            next.answer(reply);
        }
        replies.compact();
    }

    /** @return the exception of a request for this server after it was removed from the client's list */
    MemcachedConnectionException removedException() {
        return new MemcachedConnectionException("memcached server " + address
                + " was removed from the client's server list; the request was not sent");
    }

    /** Fails the requests awaiting a reply and ends the session; the next request opens a new one. */
    void disconnect(MemcachedException cause) {
        Pending<?, ?> p;
        while ((p = awaiting.poll()) != null) {
            p.fail(cause);
        }
        if (end != null) {
            end.session.close();
            end = null;
        }
        replies.clear();
    }
}
