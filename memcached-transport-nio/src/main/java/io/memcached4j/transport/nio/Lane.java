package io.memcached4j.transport.nio;

import io.memcached4j.ClientListener;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.ProtocolException;
import io.memcached4j.core.ClientFuture;
import io.memcached4j.core.ReplyMapper;
import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.ResponseDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A connection of a server that no event loop reads: a blocking caller takes it, writes its request
 * and reads the reply on its own thread, as a connection per thread would, so that the reply costs
 * no I/O-thread wake-up and no hand-off. One caller at a time ({@link #tryAcquire}). A plain lane
 * writes and reads in blocking mode, two system calls a call as a connection per thread; the
 * {@link LaneClock} closes it at the request's deadline. A TLS lane waits on the socket with a
 * selector of its own, until the request's deadline.
 *
 * <p>Opened on first use, on the caller's thread (TCP connect, TLS handshake and login as on the
 * loop's connections); a lane that cannot open, or finds bytes or the end of the stream waiting
 * before it writes, sends nothing and the request goes to the event loop instead (a plain lane used
 * in the last {@value #EOF_CHECK_AFTER_MILLIS} ms asks only whether bytes wait: a system call that
 * cannot see the end of the stream, which its next read then meets). Anything that
 * leaves the stream in doubt closes the lane, and the next caller opens it again: a timeout (the late
 * reply would otherwise be read as the next request's), a failed read or write, a reply that is not
 * its request's ({@link ProtocolException}, a desync), and bytes after a complete reply (unsolicited;
 * the reply decoded before them is its request's). The decoder checks replies as on the loop's
 * connections, and a reply read at or after its request's deadline fails it with a timeout, as there.
 *
 * <p>When its server is removed from the client's list the lane takes no new request and closes
 * once its caller, if any, is done ({@link #retire}); when the client closes, at once
 * ({@link #shutdown}). Its buffers exist only while its channel is open.
 */
final class Lane {
    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final Consumer<SelectionKey> IGNORE = k -> { };
    /** How long a blocking lane may rest before its check before a write looks for the end of the stream too. */
    static final long EOF_CHECK_AFTER_MILLIS = 100;
    private static final long EOF_CHECK_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(EOF_CHECK_AFTER_MILLIS);
    /** {@link #waitsUntil} when the lane's caller does not wait in blocking mode. */
    private static final long NOT_WAITING = Long.MIN_VALUE;
    /** {@link #waitsUntil} once the {@link LaneClock} closed the channel at the deadline. */
    private static final long EXPIRED = Long.MIN_VALUE + 1;
    private static final VarHandle WAITS_UNTIL;

    static {
        try {
            WAITS_UNTIL = MethodHandles.lookup().findVarHandle(Lane.class, "waitsUntil", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ServerNode node;
    private final String name;
    private final ProtocolCodec codec;
    private final long connectTimeoutNanos;
    private final int maxReadBuffer;
    private final LaneClock clock;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The deadline of the blocking-mode call in progress, {@link #NOT_WAITING} or {@link #EXPIRED}; read by the clock. */
    private volatile long waitsUntil = NOT_WAITING;
    /** The open channel of a blocking lane, for the clock and {@link #shutdown} to close. */
    private volatile SocketChannel blockingChannel;
    /** The client is closing: a caller's wait ends at once, and the lane closes as soon as its caller is done. */
    private volatile boolean closing;
    /** The server was removed: the lane takes no new request and closes once its caller, if any, is done. */
    private volatile boolean retired;

    // The owner's side: only the caller holding the lane touches these.
    private SocketChannel channel;
    /** Whether the channel is in blocking mode (a plain lane, once open); else it waits with the selector. */
    private boolean blocking;
    /** Asks how many bytes wait to be read, in blocking mode. */
    private InputStream waiting;
    /** {@link System#nanoTime()} when the last reply was read, or the channel opened. */
    private long lastReadAt;
    /** {@link ServerNode#connectionsLost()} when the channel last showed no end of stream. */
    private int lossesSeen;
    private Wire wire;
    /** Read by {@link #shutdown} to wake the holder. */
    private volatile Selector selector;
    private SelectionKey key;
    private ResponseDecoder decoder;
    private ByteBuffer out;
    /** {@code out} as the one buffer of a request that fits in it. */
    private final ByteBuffer[] buffers = new ByteBuffer[1];
    private ByteBuffer in;
    /** Channels opened, for tests. */
    private volatile int channelsOpened;

    Lane(ServerNode node, int index, ProtocolCodec codec, long connectTimeoutNanos, int itemSizeLimit, LaneClock clock) {
        this.node = node;
        this.clock = clock;
        this.name = node.address + "#lane" + index;
        this.codec = codec;
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.maxReadBuffer = ReadBuffers.limit(itemSizeLimit);
    }

    /** @return whether the calling thread now holds the lane; any thread */
    boolean tryAcquire() {
        return !busy.get() && busy.compareAndSet(false, true);
    }

    /**
     * Gives the lane back, closing it if the client closed or the server was removed meanwhile; the
     * holder only. The flags are read after the lane is free: {@link #shutdown} or {@link #retire}
     * either finds it free and closes it, or ran its failed attempt before, so its flag is seen here.
     */
    void release() {
        busy.set(false);
        if (closing || retired) {
            closeIfFree();
        }
    }

    /** Closes the lane now if no caller holds it, else when its caller is done, whose wait ends at once; any thread. */
    void shutdown() {
        closing = true;
        if (!closeIfFree()) {
            Selector s = selector;
            if (s != null) {
                s.wakeup();
            }
            Failures.closeQuietly(blockingChannel, name); // a blocking read ends only so
        }
    }

    /**
     * Takes the lane out of service, its server removed from the client's list: closes it now if no
     * caller holds it, else when its caller's request is done (answered, failed or timed out); any thread.
     */
    void retire() {
        retired = true;
        closeIfFree();
    }

    /** @return whether the lane was free, and is now closed; any thread */
    private boolean closeIfFree() {
        if (!tryAcquire()) {
            return false;
        }
        close();
        busy.set(false);
        return true;
    }

    /** @return channels this lane opened so far; for tests */
    int channelsOpened() {
        return channelsOpened;
    }

    /**
     * Sends a request and reads its reply on the calling thread, which holds the lane.
     *
     * @param request the validated request
     * @param mapper turns the reply into the result
     * @param start {@link System#nanoTime()} when the client took the request
     * @param deadline {@link System#nanoTime()} after which the request fails with a timeout
     * @param observer the client's observer of the request, or null
     * @return the completed future; null when nothing was sent, so the request must go to the event loop
     */
    <D, T> ClientFuture<T> call(Request<D> request, ReplyMapper<D, T> mapper, long start, long deadline,
                                ClientFuture.Observer observer) {
        if (closing || retired) {
            return null;
        }
        if (channel == null && !open(deadline)) {
            return null;
        }
        if (!quiet(start)) {
            return null;
        }
        ClientFuture<T> result = new ClientFuture<>(node.guard, start, observer, request);
        ByteBuffer[] buffers = this.buffers;
        out.clear();
        try {
            if (codec.encode(request, out)) {
                buffers[0] = out.flip();
            } else {
                buffers = codec.encodeLarge(request); // a large value is written from its own array
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(e); // refused before anything was sent: the lane is unaffected
            return result;
        }
        boolean armed = blocking;
        if (armed) {
            waitsUntil = deadline;
            clock.waiting();
        }
        try {
            return exchange(result, request, mapper, buffers, deadline);
        } finally {
            if (armed && (long) WAITS_UNTIL.getAndSet(this, NOT_WAITING) == EXPIRED) {
                close(); // the clock closed the channel at the deadline, maybe just after the reply was read
            }
        }
    }

    /** Writes the encoded request and reads its reply, on the channel in either mode. */
    private <D, T> ClientFuture<T> exchange(ClientFuture<T> result, Request<D> request, ReplyMapper<D, T> mapper,
                                            ByteBuffer[] buffers, long deadline) {
        try {
            while (hasRemaining(buffers)) {
                if (wire.write(buffers) == 0 && hasRemaining(buffers) && !blocking && !await(SelectionKey.OP_WRITE, deadline)) {
                    return failed(result, interruptedOrTimedOut(request));
                }
            }
            if (!request.expectsReply()) {
                return succeeded(result, request, mapper, null, System.nanoTime());
            }
            // Right after the write the reply has not come yet (memcached has to run first): a read
            // now would only fail, one system call for nothing, so the first read waits for the socket
            // (in blocking mode the read itself waits).
            boolean sent = !blocking;
            for (;;) {
                if (sent) {
                    sent = false;
                    if (!wire.hasBufferedInput() && !await(SelectionKey.OP_READ, deadline)) {
                        return failed(result, interruptedOrTimedOut(request));
                    }
                }
                int n = wire.read(in);
                if (n < 0) {
                    return failed(result, lost("the server closed the connection", null));
                }
                if (n == 0 && !wire.hasBufferedInput() && !blocking) {
                    if (!await(SelectionKey.OP_READ, deadline)) {
                        return failed(result, interruptedOrTimedOut(request));
                    }
                    continue;
                }
                long readAt = System.nanoTime();
                lastReadAt = readAt;
                in.flip();
                Object reply;
                try {
                    reply = decoder.decode(request, in);
                } catch (ProtocolException e) {
                    desync(e);
                    return failed(result, e);
                } catch (MemcachedException e) {
                    afterReply();
                    return failed(result, late(readAt, deadline) ? Failures.timeout(node, request, true) : e); // in step
                } catch (RuntimeException e) {
                    ProtocolException desync = new ProtocolException("could not decode a reply from memcached " + node + ": " + e, e);
                    desync(desync);
                    return failed(result, desync);
                }
                if (reply == ResponseDecoder.NEED_MORE) {
                    in.compact();
                    if (!in.hasRemaining() && !grow()) {
                        return failed(result, ReadBuffers.tooLarge(node, maxReadBuffer));
                    }
                    continue;
                }
                afterReply();
                if (late(readAt, deadline)) {
                    return failed(result, Failures.timeout(node, request, true)); // the stream is in step
                }
                return succeeded(result, request, mapper, reply, readAt);
            }
        } catch (IOException e) {
            if (waitsUntil == EXPIRED || closing || Thread.currentThread().isInterrupted()) {
                return failed(result, interruptedOrTimedOut(request)); // the channel was closed to end the wait
            }
            return failed(result, lost(Failures.describe(e), e));
        }
    }

    /** @return whether the lane's caller waits in blocking mode, its deadline to come; for the clock */
    boolean waits() {
        return isDeadline(waitsUntil);
    }

    private static boolean isDeadline(long waitsUntil) {
        return waitsUntil != NOT_WAITING && waitsUntil != EXPIRED;
    }

    /**
     * Ends the wait of a caller in blocking mode whose deadline has come, by closing the channel;
     * the clock's thread. The deadline tells the call: if it is still the one waiting when marked
     * expired, the channel read before is that call's, as a channel changes only between calls.
     */
    void expireIfOverdue(long now) {
        long until = waitsUntil;
        if (!isDeadline(until) || now - until < 0) {
            return;
        }
        SocketChannel ch = blockingChannel;
        if (WAITS_UNTIL.compareAndSet(this, until, EXPIRED)) {
            Failures.closeQuietly(ch, name);
        }
    }

    /**
     * Whether a reply read at {@code readAt} came too late: at or after the request's deadline it
     * fails the request with a timeout, never completes it late (as on the loop's connections).
     */
    private static boolean late(long readAt, long deadline) {
        return readAt - deadline >= 0;
    }

    /** After a complete reply: bytes beyond it answer no request, a desync (the reply itself was its request's). */
    private void afterReply() {
        if (in.hasRemaining()) {
            desync(unsolicited(in.remaining()));
        } else {
            in.clear();
        }
    }

    private static <D, T> ClientFuture<T> succeeded(ClientFuture<T> result, Request<D> request, ReplyMapper<D, T> mapper,
                                                    Object decoded, long readAt) {
        Op.succeed(result, request, mapper, decoded, readAt);
        return result;
    }

    private static <T> ClientFuture<T> failed(ClientFuture<T> result, MemcachedException e) {
        result.completeExceptionally(e);
        return result;
    }

    /**
     * Checks, before a write, that nothing arrived since the last reply: unsolicited bytes (a desync)
     * or the end of the stream (the server closed the connection). Either closes the lane. A
     * blocking lane whose last reply came less than {@value #EOF_CHECK_AFTER_MILLIS} ms ago only
     * asks how many bytes wait, one system call; after a longer rest, or once an event loop's
     * connection to the server broke since (a restart), it reads in non-blocking mode, three, to see
     * the end of the stream that a server closing idle connections, or restarting, leaves.
     *
     * @param now {@link System#nanoTime()} about now
     * @return whether the lane may send
     */
    private boolean quiet(long now) {
        try {
            int losses = node.connectionsLost();
            if (blocking && now - lastReadAt < EOF_CHECK_AFTER_NANOS && losses == lossesSeen) {
                int n = waiting.available();
                if (n == 0) {
                    return true;
                }
                desync(unsolicited(n));
                return false;
            }
            if (blocking) {
                channel.configureBlocking(false);
            }
            int n = wire.read(in);
            if (n == 0 && !wire.hasBufferedInput()) {
                if (blocking) {
                    channel.configureBlocking(true);
                }
                lossesSeen = losses;
                return true;
            }
            if (n > 0 || wire.hasBufferedInput()) {
                desync(unsolicited(Math.max(n, 0)));
            } else {
                close();
            }
        } catch (IOException e) {
            close();
        }
        return false;
    }

    private ProtocolException unsolicited(int bytes) {
        return new ProtocolException("memcached " + node + " sent " + bytes + " bytes while no request awaited a reply");
    }

    /**
     * Waits until the socket is ready for {@code ops}.
     *
     * @return false at the deadline, when the thread is interrupted or the client closes
     */
    private boolean await(int ops, long deadline) throws IOException {
        key.interestOps(ops);
        for (;;) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closing || Thread.currentThread().isInterrupted()) {
                return false;
            }
            if (selector.select(IGNORE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999))) > 0) {
                return true;
            }
        }
    }

    /** The failure of a wait that ended without the socket being ready; the lane is closed. */
    private MemcachedException interruptedOrTimedOut(Request<?> request) {
        close();
        if (closing) {
            return Failures.closed();
        }
        if (Thread.currentThread().isInterrupted()) {
            return new MemcachedException("interrupted while waiting for memcached", new InterruptedException());
        }
        node.suspendLanes();
        return Failures.timeout(node, request, true);
    }

    private MemcachedConnectionException lost(String reason, Throwable cause) {
        LOG.debug("lost the lane {} to memcached: {}", name, reason);
        close();
        node.suspendLanes();
        return new MemcachedConnectionException("lost the connection to memcached " + node + ": " + reason, cause);
    }

    private void desync(ProtocolException cause) {
        Failures.warnDesync(name, cause);
        ClientListener listener = node.listener;
        if (listener != null) {
            listener.desync(node.address, cause);
        }
        close();
        node.suspendLanes();
    }

    private boolean grow() {
        ByteBuffer bigger = ReadBuffers.grow(in, maxReadBuffer);
        if (bigger == null) {
            desync(ReadBuffers.tooLarge(node, maxReadBuffer));
            return false;
        }
        in = bigger;
        return true;
    }

    /**
     * Opens the channel: connect, TLS handshake and login, within the connect timeout and the
     * request's deadline. A failure leaves the lane closed and suspends the server's lanes.
     */
    private boolean open(long deadline) {
        long openDeadline = Math.min(deadline, System.nanoTime() + connectTimeoutNanos);
        try {
            SocketChannel ch = SocketChannel.open();
            channel = ch;
            channelsOpened++;
            selector = Selector.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            Opening opening = node.wires.open(ch, node.address);
            wire = opening.wire();
            if (ch.connect(node.socketAddress)) {
                key = ch.register(selector, 0);
            } else {
                key = ch.register(selector, SelectionKey.OP_CONNECT);
                while (!ch.finishConnect()) {
                    if (!await(SelectionKey.OP_CONNECT, openDeadline)) {
                        throw new IOException("connect did not complete in time");
                    }
                }
            }
            for (int ops = opening.advance(); ops != 0; ops = opening.advance()) {
                if (!await(ops, openDeadline)) {
                    throw new IOException("no reply during " + opening.stage() + " in time");
                }
            }
            if (wire instanceof PlainWire) {
                block(ch);
            }
            decoder = codec.newDecoder();
            out = ByteBuffer.allocateDirect(BUFFER_SIZE);
            in = ByteBuffer.allocate(ReadBuffers.INITIAL_SIZE);
            lastReadAt = System.nanoTime();
            lossesSeen = node.connectionsLost();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot open the lane {} to memcached: {}", name, Failures.describe(e));
            close();
            node.suspendLanes();
            return false;
        }
    }

    /** Puts the open channel in blocking mode, without its selector, watched by the clock. */
    private void block(SocketChannel ch) throws IOException {
        key.cancel();
        selector.selectNow(); // deregisters the channel, which may then block
        ch.configureBlocking(true);
        Failures.closeQuietly(selector, name);
        selector = null;
        key = null;
        waiting = ch.socket().getInputStream();
        blocking = true;
        blockingChannel = ch;
        clock.opened(this);
        if (closing) { // shutdown() may have missed the channel
            throw new IOException("the client is closing");
        }
    }

    private void close() {
        if (blocking) {
            clock.closed(this);
            blocking = false;
            blockingChannel = null;
            waiting = null;
        }
        Failures.closeQuietly(selector, name);
        selector = null;
        Failures.closeQuietly(channel, name);
        channel = null;
        key = null;
        wire = null;
        decoder = null;
        out = null;
        in = null;
    }

    @Override
    public String toString() {
        return "Lane[" + name + "]";
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
