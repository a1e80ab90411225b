package io.memcached4j.transport.nio;

import io.memcached4j.MemcachedAuthenticationException;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ProtocolException;
import io.memcached4j.spi.ProtocolCodec;
import io.memcached4j.spi.ResponseDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One TCP connection to a server, driven by one {@link EventLoop}. The read side and the timers
 * are confined to the loop thread; the write side (the write buffer, the backlog, writes to the
 * channel) is guarded by {@code writeLock}, because a caller may write its own request.
 *
 * <p>Requests are encoded into one write buffer as they arrive and written together; a request
 * that does not fit waits in the backlog. When the loop is asleep and nothing is queued or buffered
 * for the connection, the caller writes its request itself ({@link #tryWrite}) instead of waking the
 * loop, and records it in {@code written}, which the loop moves to {@code inflight}. Requests
 * awaiting a reply sit in {@code inflight} in the order they were written, and each reply is
 * decoded for the oldest. A request that times out stays there as a placeholder, counted in
 * {@code timedOut} (always the oldest ones), so that its late reply is matched and dropped; when
 * half of {@code maxRequestsInFlight} accumulate and no live request is left behind them, the
 * connection is replaced.
 */
final class Connection {
    static final int CONNECTING = 0;
    static final int CONNECTED = 1;
    static final int DOWN = 2;
    static final int CLOSED = 3;

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int MAX_READS_PER_EVENT = 8;

    final ServerNode node;
    final EventLoop loop;
    /** One permit per request between submission and its removal from this connection. */
    final Semaphore permits;
    /**
     * Requests of asynchronous callers between submission and removal from this connection; any
     * thread. While there are some, a blocking request about one key must follow them on its key's
     * connection, as they may be its own thread's (see {@link ServerNode#pick}).
     */
    final AtomicInteger asyncInFlight = new AtomicInteger();
    /** Requests handed to the loop's queue and not yet taken from it; any thread. */
    final AtomicInteger queued = new AtomicInteger();

    private final String name;
    private final ProtocolCodec codec;
    private final Backoff backoff;
    private final long connectTimeoutNanos;
    private final int recycleThreshold;
    private final int maxRequestsInFlight;
    private final int maxReadBuffer;

    private volatile int state = CONNECTING;
    private volatile String downReason;
    private volatile boolean loginRefused;

    /** Guards the channel's writes and the fields marked "write side". */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Requests a caller wrote itself, in wire order, for the loop to move to {@code inflight}. */
    private final OpQueue written = new OpQueue();
    /** A caller's write to this channel failed; the loop then drops the connection. Write side. */
    private SocketChannel writeFailedOn;
    private IOException writeFailure;

    private SocketChannel channel;
    /** The stream over {@code channel}: plain or TLS. Written with {@code channel}, under the write lock. */
    private Wire wire;
    /** Readies a new channel (TLS handshake, login) before requests go out on it; null once ready. */
    private Opening opening;
    private SelectionKey key;
    private ResponseDecoder decoder;
    private final OpRing inflight = new OpRing();
    /** Write side. */
    private final OpRing backlog = new OpRing();
    /** Write side. */
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER_SIZE);
    /** Write side. */
    private ByteBuffer large;
    private ByteBuffer in = ByteBuffer.allocate(BUFFER_SIZE);
    private int timedOut;
    private boolean dirty;
    private boolean writeInterest;
    private boolean connectPending;
    private long connectDeadline;
    private long reconnectAt;
    private int failures;
    private boolean everConnected;
    /** Whether the current channel has decoded a reply; a channel that never did is replaced with backoff. */
    private boolean healthy;

    Connection(ServerNode node, int index, EventLoop loop, ProtocolCodec codec, Backoff backoff,
               long connectTimeoutNanos, int maxRequestsInFlight, int itemSizeLimit) {
        this.node = node;
        this.name = node.address + "#" + index;
        this.loop = loop;
        this.codec = codec;
        this.backoff = backoff;
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.permits = new Semaphore(maxRequestsInFlight);
        this.maxRequestsInFlight = maxRequestsInFlight;
        this.recycleThreshold = Math.max(1, maxRequestsInFlight / 2);
        this.maxReadBuffer = Math.max(BUFFER_SIZE, itemSizeLimit + 64 * 1024);
    }

    int state() {
        return state;
    }

    /** @return whether the calling request, holding its permit, is the only one on this connection; any thread */
    boolean isIdle() {
        return permits.availablePermits() == maxRequestsInFlight - 1;
    }

    boolean acceptsRequests() {
        int s = state;
        return s == CONNECTED || s == CONNECTING;
    }

    String downReason() {
        return downReason;
    }

    /** @return whether the server refused the last login, so the connection is down for that reason */
    boolean loginRefused() {
        return loginRefused;
    }

    /**
     * Writes a request on the calling thread, provided nothing queued or buffered for this
     * connection would go out before it; any thread but the loop's. A write the socket takes only in
     * part, and a failed write, are left to the loop.
     *
     * @param op the request, holding a permit of this connection
     * @return false when the request must be submitted to the loop instead
     */
    boolean tryWrite(Op<?, ?> op) {
        if (state != CONNECTED || queued.get() != 0 || !writeLock.tryLock()) {
            return false;
        }
        boolean needsLoop;
        try {
            SocketChannel ch = channel;
            Wire w = wire;
            if (state != CONNECTED || ch == null || writeFailedOn != null || queued.get() != 0
                    || out.position() > 0 || large != null || !backlog.isEmpty()) {
                return false;
            }
            try {
                if (!codec.encode(op.request, out)) {
                    return false;
                }
            } catch (RuntimeException e) {
                release(op);
                op.completeExceptionally(e);
                return true;
            }
            boolean expectsReply = op.request.expectsReply();
            if (expectsReply) {
                written.offer(op);
            }
            out.flip();
            try {
                w.write(out);
            } catch (IOException e) {
                writeFailedOn = ch;
                writeFailure = e;
            }
            needsLoop = out.hasRemaining() || writeFailedOn != null;
            out.compact();
            if (!expectsReply) {
                release(op);
                op.succeed(null);
            }
        } finally {
            writeLock.unlock();
        }
        loop.wrote(this, needsLoop);
        return true;
    }

    // ---------------------------------------------------------------- loop thread only from here

    /** Takes a submitted request: encodes it, or keeps it until the connection can take it. */
    void enqueue(Op<?, ?> op) {
        writeLock.lock();
        try {
            switch (state) {
                case CONNECTED -> {
                    if (!backlog.isEmpty() || large != null || !encode(op)) {
                        backlog.add(op);
                    }
                    markDirty();
                }
                case CONNECTING -> backlog.add(op);
                default -> {
                    release(op);
                    op.completeExceptionally(state == CLOSED ? closedException() : node.downException());
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Handles a caller's write that the socket did not take in full, or that failed. */
    void afterCallerWrite() {
        writeLock.lock();
        try {
            if (writeFailedOn == null) {
                markDirty();
                return;
            }
            boolean current = writeFailedOn == channel;
            IOException failure = writeFailure;
            writeFailedOn = null;
            writeFailure = null;
            if (current) {
                lost(describe(failure), failure);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Frees the slot of a request leaving this connection; any thread. */
    void release(Op<?, ?> op) {
        permits.release();
        if (!op.blocking) {
            asyncInFlight.decrementAndGet();
        }
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            loop.markDirty(this);
        }
    }

    /** Moves the requests callers wrote themselves to {@code inflight}, in the order they were written. */
    private void takeWritten() {
        Op<?, ?> op;
        while ((op = written.poll()) != null) {
            inflight.add(op);
        }
    }

    /**
     * Encodes a request into the write buffer; false when it must wait for the buffer to drain.
     * A request the codec refuses fails on its own; the connection is unaffected. Write side.
     */
    private boolean encode(Op<?, ?> op) {
        try {
            if (!codec.encode(op.request, out)) {
                if (out.position() > 0) {
                    return false;
                }
                ByteBuffer own = ByteBuffer.allocate(codec.encodedSize(op.request));
                if (!codec.encode(op.request, own)) {
                    throw new IllegalStateException("the codec did not encode a request into its encodedSize");
                }
                own.flip();
                large = own;
            }
        } catch (RuntimeException e) {
            release(op);
            op.completeExceptionally(e);
            return true;
        }
        if (op.request.expectsReply()) {
            takeWritten();
            inflight.add(op);
        } else {
            release(op);
            op.succeed(null);
        }
        return true;
    }

    /** Writes what is buffered, then refills the buffer from the backlog, until done or the socket is full. */
    void flush() {
        writeLock.lock();
        try {
            dirty = false;
            if (state != CONNECTED) {
                return;
            }
            for (;;) {
                if (large != null) {
                    wire.write(large);
                    if (large.hasRemaining()) {
                        writeInterest(true);
                        return;
                    }
                    large = null;
                }
                if (out.position() > 0) {
                    out.flip();
                    wire.write(out);
                    boolean rest = out.hasRemaining();
                    out.compact();
                    if (rest) {
                        writeInterest(true);
                        return;
                    }
                }
                if (backlog.isEmpty()) {
                    writeInterest(false);
                    return;
                }
                while (!backlog.isEmpty() && large == null && encode(backlog.peek())) {
                    backlog.poll();
                }
            }
        } catch (IOException e) {
            lost(describe(e), e);
        } finally {
            writeLock.unlock();
        }
    }

    private void writeInterest(boolean on) {
        if (on != writeInterest) {
            writeInterest = on;
            key.interestOps(on ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    /** Handles the selector's events for this connection. */
    void onReady(SelectionKey k) {
        if (k != key || !k.isValid()) {
            return;
        }
        int ready = k.readyOps();
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            finishConnect();
            return;
        }
        if (opening != null) {
            open();
            return;
        }
        if ((ready & SelectionKey.OP_READ) != 0) {
            read();
        }
        if ((ready & SelectionKey.OP_WRITE) != 0 && k == key && k.isValid()) {
            flush();
        }
    }

    private void read() {
        SocketChannel ch = channel;
        Wire w = wire;
        // a TLS wire may hold decrypted bytes that no selector event announces: read them all
        for (int reads = 0; reads < MAX_READS_PER_EVENT || w.hasBufferedInput(); reads++) {
            int room = in.remaining();
            int n;
            try {
                n = w.read(in);
            } catch (IOException e) {
                lost(describe(e), e);
                return;
            }
            if (n < 0) {
                lost("the server closed the connection", null);
                return;
            }
            if (n == 0) {
                return;
            }
            in.flip();
            if (!decode() || ch != channel) {
                return;
            }
            in.compact();
            if (!in.hasRemaining()) {
                growReadBuffer();
            }
            if ((n < room && !w.hasBufferedInput()) || ch != channel) {
                return;
            }
        }
    }

    /** Decodes every complete reply in the read buffer; false when the connection was discarded. */
    private boolean decode() {
        ByteBuffer buf = in;
        while (buf.hasRemaining()) {
            Op<?, ?> op = inflight.peek();
            if (op == null) {
                takeWritten();
                op = inflight.peek();
            }
            if (op == null) {
                discard(new ProtocolException("memcached " + node + " sent " + buf.remaining()
                        + " bytes while no request awaited a reply"));
                return false;
            }
            Object reply;
            try {
                reply = decoder.decode(op.request, buf);
            } catch (ProtocolException e) {
                discard(e);
                return false;
            } catch (MemcachedException e) {
                replied();
                removeHead().completeExceptionally(e);
                continue;
            } catch (RuntimeException e) {
                discard(new ProtocolException("could not decode a reply from memcached " + node + ": " + e, e));
                return false;
            }
            if (reply == ResponseDecoder.NEED_MORE) {
                return true;
            }
            replied();
            removeHead().succeed(reply);
        }
        return true;
    }

    private void replied() {
        if (!healthy) {
            healthy = true;
            failures = 0;
        }
    }

    /** Removes the oldest request; a timed-out one comes back as a dummy whose completion is ignored. */
    private Op<?, ?> removeHead() {
        Op<?, ?> op = inflight.poll();
        release(op);
        if (timedOut > 0) {
            timedOut--;
        }
        return op;
    }

    private void growReadBuffer() {
        if (in.capacity() >= maxReadBuffer) {
            discard(new ProtocolException("a reply from memcached " + node + " exceeds " + maxReadBuffer + " bytes"));
            return;
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.min(maxReadBuffer, in.capacity() * 2));
        in.flip();
        bigger.put(in);
        in = bigger;
    }

    // ---------------------------------------------------------------- connection lifecycle

    void startConnect(long now) {
        connectPending = true;
        connectDeadline = now + connectTimeoutNanos;
        try {
            SocketChannel ch = SocketChannel.open();
            setChannel(ch, null); // closed by connectFailed if what follows fails
            opening = node.wires.open(ch, node.address);
            setChannel(ch, opening.wire());
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            if (ch.connect(node.socketAddress)) {
                key = ch.register(loop.selector(), SelectionKey.OP_READ, this);
                open();
            } else {
                key = ch.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException | RuntimeException e) {
            connectFailed(describe(e), e);
        }
    }

    private void finishConnect() {
        try {
            if (channel.finishConnect()) {
                key.interestOps(SelectionKey.OP_READ);
                open();
            }
        } catch (IOException e) {
            connectFailed(describe(e), e);
        }
    }

    /** Goes on with the TLS handshake and the login; once done, the connection takes requests. */
    private void open() {
        int ops;
        try {
            ops = opening.advance();
        } catch (MemcachedAuthenticationException e) {
            loginRefused = true;
            connectFailed(e.getMessage(), e);
            return;
        } catch (IOException | RuntimeException e) {
            connectFailed(describe(e), e);
            return;
        }
        if (ops != 0) {
            key.interestOps(ops);
            return;
        }
        opening = null;
        loginRefused = false;
        key.interestOps(SelectionKey.OP_READ);
        connected();
    }

    private void connected() {
        connectPending = false;
        decoder = codec.newDecoder();
        in.clear();
        timedOut = 0;
        healthy = false;
        if (everConnected) {
            LOG.info("reconnected to memcached {}{}", name, failures > 0 ? " after " + failures + " failed attempt(s)" : "");
        } else {
            LOG.info("connected to memcached {}", name);
        }
        everConnected = true;
        downReason = null;
        writeLock.lock();
        try {
            out.clear();
            large = null;
            writeInterest = false;
            state = CONNECTED;
            flush();
        } finally {
            writeLock.unlock();
        }
    }

    private void setChannel(SocketChannel ch, Wire w) {
        writeLock.lock();
        try {
            channel = ch;
            wire = w;
        } finally {
            writeLock.unlock();
        }
    }

    private void connectFailed(String reason, Throwable cause) {
        closeChannel();
        connectPending = false;
        long delay = reconnectLater(reason);
        if (failures == 1) {
            LOG.warn("cannot connect to memcached {}: {}; retrying with backoff, first in {} ms",
                    name, reason, TimeUnit.NANOSECONDS.toMillis(delay));
        } else {
            LOG.debug("cannot connect to memcached {} (attempt {}): {}; retrying in {} ms",
                    name, failures, reason, TimeUnit.NANOSECONDS.toMillis(delay));
        }
        failEverything(() -> cause instanceof MemcachedAuthenticationException ? new MemcachedAuthenticationException(reason)
                : new MemcachedConnectionException("cannot connect to memcached " + node + ": " + reason, cause));
    }

    /** The connection broke: fail its requests and replace it. */
    private void lost(String reason, Throwable cause) {
        log("lost the connection to memcached {}: {}", reason);
        closeChannel();
        failEverything(() -> new MemcachedConnectionException("lost the connection to memcached " + node + ": " + reason, cause));
        replace(reason);
    }

    /** A reply could not be parsed: fail every request on this connection and replace it. */
    private void discard(ProtocolException cause) {
        log("discarding the connection to memcached {} after an unparseable reply: {}", cause.getMessage());
        closeChannel();
        if (timedOut == 0 && !inflight.isEmpty()) {
            removeHead().completeExceptionally(cause);
        }
        failEverything(() -> new ProtocolException("the connection to memcached " + node
                + " was discarded after an unparseable reply: " + cause.getMessage(), cause));
        replace("unparseable reply");
    }

    /** Replaces a connection holding only timed-out requests; requests not yet written wait for the new one. */
    private void recycle() {
        int stale = timedOut;
        log("replacing the connection to memcached {}: {} requests timed out without a reply", stale);
        closeChannel();
        takeWritten();
        while (!inflight.isEmpty()) {
            removeHead();
        }
        replace(stale + " requests timed out");
    }

    /** Warns about a working connection's failure; repeated failures of connections that never worked are DEBUG. */
    private void log(String format, Object detail) {
        if (healthy || failures == 0) {
            LOG.warn(format, name, detail);
        } else {
            LOG.debug(format, name, detail);
        }
    }

    /**
     * Replaces a failed channel: at once when it had been working (requests meanwhile wait for the
     * new one), else after a backoff during which the server counts as down, so that a server that
     * accepts and drops connections is not hammered.
     */
    private void replace(String reason) {
        if (healthy) {
            healthy = false;
            state = CONNECTING;
            startConnect(System.nanoTime());
        } else {
            reconnectLater(reason);
        }
    }

    /** Marks the server down and schedules the next attempt; returns the delay. */
    private long reconnectLater(String reason) {
        failures++;
        downReason = reason;
        state = DOWN;
        long delay = backoff.delayNanos(failures);
        reconnectAt = System.nanoTime() + delay;
        return delay;
    }

    private void closeChannel() {
        writeLock.lock();
        try {
            if (key != null) {
                key.cancel();
                key = null;
            }
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.debug("closing the channel to {} failed", name, e);
                }
                channel = null;
            }
            wire = null;
            opening = null;
            writeInterest = false;
            large = null;
            out.clear();
        } finally {
            writeLock.unlock();
        }
        decoder = null;
        in.clear();
    }

    private void failEverything(Supplier<? extends RuntimeException> failure) {
        takeWritten();
        while (!inflight.isEmpty()) {
            boolean wasTimedOut = timedOut > 0;
            Op<?, ?> op = removeHead();
            if (!wasTimedOut) {
                op.completeExceptionally(failure.get());
            }
        }
        timedOut = 0;
        writeLock.lock();
        try {
            Op<?, ?> op;
            while ((op = backlog.poll()) != null) {
                release(op);
                op.completeExceptionally(failure.get());
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs the timers: connect timeout, reconnect, request timeouts. */
    void tick(long now) {
        if (state == CLOSED) {
            return;
        }
        if (connectPending) {
            if (now - connectDeadline >= 0) {
                long ms = TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos);
                connectFailed(opening != null && opening.started() ? "no reply during " + opening.stage() + " within " + ms + " ms"
                        : "connect timed out after " + ms + " ms", new ConnectException("connect timed out"));
            }
        } else if (state == DOWN && now - reconnectAt >= 0) {
            startConnect(now);
        }
        writeLock.lock();
        try {
            Op<?, ?> op;
            while ((op = backlog.peek()) != null && now - op.deadline >= 0) {
                backlog.poll();
                release(op);
                op.completeExceptionally(timeout(op));
            }
            takeWritten();
            while (timedOut < inflight.size()) {
                op = inflight.get(timedOut);
                if (now - op.deadline < 0) {
                    break;
                }
                timedOut++;
                op.completeExceptionally(timeout(op));
            }
            // replaced only once nothing live is left on it, so a recycle never fails a request early;
            // under the lock, so that no caller writes a request in between
            if (timedOut >= recycleThreshold && timedOut == inflight.size()) {
                recycle();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** @return whether {@link #tick} has anything to watch */
    boolean needsTimer() {
        return connectPending || state == DOWN || !inflight.isEmpty() || !written.isEmpty() || !backlog.isEmpty();
    }

    private MemcachedTimeoutException timeout(Op<?, ?> op) {
        return new MemcachedTimeoutException("no reply from memcached " + node + " in time (" + op.describe()
                + (state == CONNECTED ? "" : ", not connected") + ")");
    }

    /** Closes the connection for good, failing what is pending. */
    void shutdown() {
        state = CLOSED;
        closeChannel();
        connectPending = false;
        failEverything(Connection::closedException);
    }

    static MemcachedConnectionException closedException() {
        return new MemcachedConnectionException("the memcached client is closed");
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    @Override
    public String toString() {
        return "Connection[" + name + "]";
    }
}
