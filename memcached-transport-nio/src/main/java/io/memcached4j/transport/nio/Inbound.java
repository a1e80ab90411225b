package io.memcached4j.transport.nio;

import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ProtocolException;
import io.memcached4j.core.codec.ResponseDecoder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * The read side of a connection: reads its channel and decodes each reply for the oldest request
 * awaiting one. Bytes a read returns are decoded only for requests handed to the socket before
 * that read ended; bytes for which no such request awaits a reply, like a reply the decoder finds
 * is not its request's ({@link ProtocolException}), are a desync. So an unsolicited reply read
 * together with a real one is never given to a request a caller writes meanwhile. A reply read
 * after its request's deadline fails the request with a timeout, never completes it late. Loop
 * thread only.
 */
final class Inbound {
    /** What the read side tells its connection. */
    interface Events {
        /** The channel failed or the server closed it. */
        void lost(String reason, Throwable cause);

        /** A reply could not be parsed or did not answer its request. */
        void desync(ProtocolException cause);

        /** A reply was decoded for its request: the channel works. */
        void replied();
    }

    private static final int MAX_READS_PER_EVENT = 8;

    private final ServerNode node;
    private final AwaitingReplies awaiting;
    private final Outbound outbound;
    private final Function<Op<?, ?>, MemcachedTimeoutException> timeout;
    private final Events events;
    private final int maxReadBuffer;
    private ByteBuffer in = ByteBuffer.allocate(ReadBuffers.INITIAL_SIZE);
    private ResponseDecoder decoder;
    /** Counts the channels read: a read that sees it change stops, as the connection moved on. */
    private int channel;

    Inbound(ServerNode node, AwaitingReplies awaiting, Outbound outbound,
            Function<Op<?, ?>, MemcachedTimeoutException> timeout, Events events, int itemSizeLimit) {
        this.node = node;
        this.awaiting = awaiting;
        this.outbound = outbound;
        this.timeout = timeout;
        this.events = events;
        this.maxReadBuffer = ReadBuffers.limit(itemSizeLimit);
    }

    /** Starts reading a new channel's replies. */
    void start(ResponseDecoder newDecoder) {
        decoder = newDecoder;
        in.clear();
        channel++;
    }

    /** Stops reading: the channel closed. */
    void stop() {
        decoder = null;
        in.clear();
        channel++;
    }

    /** Reads what the channel has and decodes it, until the socket has nothing more or the connection moved on. */
    void read(Wire wire) {
        int current = channel;
        // a TLS wire may hold decrypted bytes that no selector event announces: read them all
        for (int reads = 0; reads < MAX_READS_PER_EVENT || wire.hasBufferedInput(); reads++) {
            int room = in.remaining();
            int n;
            try {
                n = wire.read(in);
            } catch (IOException e) {
                events.lost(Failures.describe(e), e);
                return;
            }
            if (n < 0) {
                events.lost("the server closed the connection", null);
                return;
            }
            if (n == 0) {
                return;
            }
            long handed = outbound.handedOff(); // after the read: a request handed off later cannot be answered by these bytes
            long readAt = System.nanoTime();
            in.flip();
            if (!decode(handed, readAt) || current != channel) {
                return;
            }
            in.compact();
            if (!in.hasRemaining() && !growReadBuffer()) {
                return;
            }
            if ((n < room && !wire.hasBufferedInput()) || current != channel) {
                return;
            }
        }
    }

    /**
     * Decodes every complete reply in the read buffer; false when the connection was discarded.
     *
     * @param handed {@link Outbound#handedOff} when the read ended: only requests starting before it may be answered
     * @param readAt {@link System#nanoTime()} when the read ended: a reply read at or after its request's
     *     deadline fails it with a timeout, as the timer would have at the deadline, never completes it late
     */
    private boolean decode(long handed, long readAt) {
        ByteBuffer buf = in;
        while (buf.hasRemaining()) {
            Op<?, ?> op = awaiting.oldest();
            if (op == null || op.wireStart >= handed) {
                events.desync(new ProtocolException("memcached " + node + " sent " + buf.remaining()
                        + " bytes while no request awaited a reply"));
                return false;
            }
            Object reply;
            try {
                reply = decoder.decode(op.request, buf);
            } catch (ProtocolException e) {
                events.desync(e);
                return false;
            } catch (MemcachedException e) {
                events.replied();
                complete(awaiting.removeOldest(), readAt, null, e);
                continue;
            } catch (RuntimeException e) {
                events.desync(new ProtocolException("could not decode a reply from memcached " + node + ": " + e, e));
                return false;
            }
            if (reply == ResponseDecoder.NEED_MORE) {
                return true;
            }
            events.replied();
            complete(awaiting.removeOldest(), readAt, reply, null);
        }
        return true;
    }

    /**
     * Completes a request with its reply, or with a timeout when the reply was read at or after its
     * deadline: the timer runs every {@code EventLoop.TICK_MILLIS} (later on a loaded machine) and
     * may not have failed it yet, and a future must never complete with a value after its timeout.
     * A timed-out request's late reply is dropped. Each member of a {@link GetBatch} is completed so,
     * by its own deadline.
     */
    private void complete(Op<?, ?> op, long readAt, Object reply, MemcachedException failure) {
        if (op.isDone()) {
            return;
        }
        if (readAt - op.deadline >= 0) {
            op.completeExceptionally(timeout.apply(op));
        } else if (failure != null) {
            op.completeExceptionally(failure);
        } else if (op.members != null) {
            GetBatch.distribute(op, reply, (member, own) -> complete(member, readAt, own, null));
        } else {
            op.succeed(reply, readAt);
        }
    }

    /** @return false when the reply outgrew the largest buffer and the connection was discarded */
    private boolean growReadBuffer() {
        ByteBuffer bigger = ReadBuffers.grow(in, maxReadBuffer);
        if (bigger == null) {
            events.desync(ReadBuffers.tooLarge(node, maxReadBuffer));
            return false;
        }
        in = bigger;
        return true;
    }
}
