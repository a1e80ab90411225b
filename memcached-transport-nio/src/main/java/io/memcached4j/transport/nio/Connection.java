package io.memcached4j.transport.nio;

import io.memcached4j.ClientListener;
import io.memcached4j.MemcachedAuthenticationException;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ProtocolException;
import io.memcached4j.core.RequestSlots;
import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.ResponseDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
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
 * decoded for the oldest; a reply read after its request's deadline fails the request with a timeout,
 * never completes it late. A request that times out stays there as a placeholder, counted in
 * {@code timedOut} (always the oldest ones), so that its late reply is matched and dropped.
 *
 * <p>A connection is stalled when its oldest request is still unanswered two operation timeouts
 * after its own deadline, or when half of {@code maxRequestsInFlight} timed-out requests await
 * replies on it. A stalled connection writes nothing more ({@code draining}: new requests wait in
 * the backlog, within their own timeouts); once every request written to it has timed out, at most
 * one operation timeout later, it is closed and replaced, and the backlog goes out on the new one.
 * So a server that stops answering is left after at most about four operation timeouts, however
 * busy the connection is.
 *
 * <p>Reply correlation: each request records where its bytes start in the connection's output
 * stream ({@link Op#wireStart}), and {@code handedOff} tells how far the stream has been handed to
 * the socket (set before a write, for the bytes it may send, and after it, for the bytes it sent).
 * Bytes a read returns are decoded only for requests handed off before that read ended; bytes for
 * which no such request awaits a reply, like a reply the decoder finds is not its request's
 * ({@link ProtocolException}), are a desync: the connection is discarded, every request on it
 * fails with {@link ProtocolException}, and it is replaced. So an unsolicited reply read together
 * with a real one is never given to a request a caller writes meanwhile.
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
    /** One slot per request between submission and its removal from this connection. */
    final RequestSlots slots;
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
    /** How long past its deadline the oldest request may wait for its reply before the connection is stalled: two operation timeouts. */
    private final long stallNanos;
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
    /** The channel is stalled: write nothing more to it, replace it once its requests have timed out. Write side. */
    private boolean draining;
    /** Channels opened, for tests. */
    private volatile int channelsOpened;

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
    /** Bytes encoded for the current channel so far; the next request's {@link Op#wireStart}. Write side. */
    private long encodedBytes;
    /** Bytes the socket took on the current channel so far. Write side. */
    private long sentBytes;
    /** The output stream offset before which requests may have reached the server; written on the write side. */
    private volatile long handedOff;
    private int timedOut;
    private boolean dirty;
    private boolean writeInterest;
    private boolean connectPending;
    private long connectDeadline;
    private long reconnectAt;
    private int failures;
    private boolean everConnected;
    /** Whether the listener was told this connection is up, and not yet that it is down. Loop thread. */
    private boolean up;
    /**
     * Whether the current channel has decoded a reply; a channel that never did is replaced with
     * backoff. Written on the loop thread; read by callers choosing a {@link Lane}.
     */
    private volatile boolean healthy;
    /**
     * Its server was removed from the client's list: it takes no new request, finishes (or times out)
     * those it has, then closes for good instead of reconnecting. Loop thread.
     */
    private boolean retiring;

    Connection(ServerNode node, int index, EventLoop loop, ProtocolCodec codec, Backoff backoff,
               long connectTimeoutNanos, int maxRequestsInFlight, int itemSizeLimit, long stallNanos) {
        this.node = node;
        this.name = node.address + "#" + index;
        this.loop = loop;
        this.codec = codec;
        this.backoff = backoff;
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.slots = new RequestSlots(maxRequestsInFlight, node);
        this.stallNanos = stallNanos;
        this.recycleThreshold = Math.max(1, maxRequestsInFlight / 2);
        this.maxReadBuffer = Math.max(BUFFER_SIZE, itemSizeLimit + 64 * 1024);
    }

    int state() {
        return state;
    }

    /** @return whether the calling request, holding its permit, is the only one on this connection; any thread */
    boolean isIdle() {
        return slots.inUse() == 1;
    }

    /** @return whether the connection is up and its current channel has answered properly; any thread */
    boolean answers() {
        return state == CONNECTED && healthy;
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
            if (state != CONNECTED || ch == null || writeFailedOn != null || draining || queued.get() != 0
                    || out.position() > 0 || large != null || !backlog.isEmpty()) {
                return false;
            }
            try {
                if (!encodeInto(op, out)) {
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
                write(w, out);
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
        if (op.isDone()) {
            release(op); // timed out by the watchdog while the loop was blocked: never sent
            return;
        }
        writeLock.lock();
        try {
            switch (state) {
                case CONNECTED -> {
                    if (draining || !backlog.isEmpty() || large != null || !encode(op)) {
                        backlog.add(op);
                    }
                    markDirty();
                }
                case CONNECTING -> backlog.add(op);
                default -> {
                    release(op);
                    op.completeExceptionally(state != CLOSED ? node.downException(this)
                            : retiring ? node.removedException() : closedException());
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
        slots.release();
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
        if (op.isDone()) {
            release(op); // timed out before it could be written: it never reaches the server
            return true;
        }
        try {
            if (!encodeInto(op, out)) {
                if (out.position() > 0) {
                    return false;
                }
                ByteBuffer own = ByteBuffer.allocate(codec.encodedSize(op.request));
                if (!encodeInto(op, own)) {
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

    /**
     * Encodes a request at the end of the output stream, recording where it starts: {@code out} and
     * {@code large} are never filled at once, so the order of encoding is the order on the wire.
     * Write side.
     */
    private boolean encodeInto(Op<?, ?> op, ByteBuffer buffer) {
        int before = buffer.position();
        if (!codec.encode(op.request, buffer)) {
            return false;
        }
        op.wireStart = encodedBytes;
        encodedBytes += buffer.position() - before;
        return true;
    }

    /**
     * Hands buffered bytes to the socket. Everything encoded counts as handed off during the call
     * (a reply to it may be read before the call returns), what the socket took after it. Write side.
     */
    private void write(Wire w, ByteBuffer buffer) throws IOException {
        handedOff = encodedBytes;
        sentBytes += w.write(buffer);
        handedOff = sentBytes;
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
                    write(wire, large);
                    if (large.hasRemaining()) {
                        writeInterest(true);
                        return;
                    }
                    large = null;
                }
                if (out.position() > 0) {
                    out.flip();
                    write(wire, out);
                    boolean rest = out.hasRemaining();
                    out.compact();
                    if (rest) {
                        writeInterest(true);
                        return;
                    }
                }
                if (backlog.isEmpty() || draining) {
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
            long handed = handedOff; // after the read: a request handed off later cannot be answered by these bytes
            long readAt = System.nanoTime();
            in.flip();
            if (!decode(handed, readAt) || ch != channel) {
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

    /**
     * Decodes every complete reply in the read buffer; false when the connection was discarded.
     *
     * @param handed {@link #handedOff} when the read ended: only requests starting before it may be answered
     * @param readAt {@link System#nanoTime()} when the read ended: a reply read at or after its request's
     *     deadline fails it with a timeout, as the timer would have at the deadline, never completes it late
     */
    private boolean decode(long handed, long readAt) {
        ByteBuffer buf = in;
        while (buf.hasRemaining()) {
            Op<?, ?> op = inflight.peek();
            if (op == null) {
                takeWritten();
                op = inflight.peek();
            }
            if (op == null || op.wireStart >= handed) {
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
                complete(removeHead(), readAt, null, e);
                continue;
            } catch (RuntimeException e) {
                discard(new ProtocolException("could not decode a reply from memcached " + node + ": " + e, e));
                return false;
            }
            if (reply == ResponseDecoder.NEED_MORE) {
                return true;
            }
            replied();
            complete(removeHead(), readAt, reply, null);
        }
        return true;
    }

    /**
     * Completes a request with its reply, or with a timeout when the reply was read at or after its
     * deadline: the timer runs every {@code EventLoop.TICK_MILLIS} (later on a loaded machine) and
     * may not have failed it yet, and a future must never complete with a value after its timeout.
     * A timed-out request's late reply is dropped.
     */
    private void complete(Op<?, ?> op, long readAt, Object reply, MemcachedException failure) {
        if (op.isDone()) {
            return;
        }
        if (readAt - op.deadline >= 0) {
            op.completeExceptionally(timeout(op));
        } else if (failure != null) {
            op.completeExceptionally(failure);
        } else {
            op.succeed(reply);
        }
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
            channelsOpened++;
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
        boolean reconnect = everConnected;
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
            encodedBytes = 0;
            sentBytes = 0;
            handedOff = 0;
            large = null;
            writeInterest = false;
            state = CONNECTED;
            flush();
        } finally {
            writeLock.unlock();
        }
        up = true;
        ClientListener listener = node.listener;
        if (listener != null) {
            listener.connectionUp(node.address, reconnect);
        }
    }

    /** Tells the listener that this connection, if it was up, is down; the cause is made only then. */
    private void wentDown(Supplier<? extends Throwable> cause) {
        if (up) {
            up = false;
            ClientListener listener = node.listener;
            if (listener != null) {
                listener.connectionDown(node.address, cause.get());
            }
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
        wentDown(() -> new MemcachedConnectionException("lost the connection to memcached " + node + ": " + reason, cause));
        failEverything(() -> new MemcachedConnectionException("lost the connection to memcached " + node + ": " + reason, cause));
        replace(reason);
    }

    /** A reply could not be parsed or did not answer its request: fail every request on this connection and replace it. */
    private void discard(ProtocolException cause) {
        warnDesync(name, cause);
        closeChannel();
        ClientListener listener = node.listener;
        if (listener != null) {
            listener.desync(node.address, cause);
        }
        wentDown(() -> cause);
        if (timedOut == 0 && !inflight.isEmpty()) {
            removeHead().completeExceptionally(cause);
        }
        failEverything(() -> new ProtocolException("the connection to memcached " + node
                + " was discarded after a reply that is not its request's or cannot be parsed: " + cause.getMessage(), cause));
        replace("a reply that was not its request's or could not be parsed");
    }

    /** The WARN of a desync, for the loop's connections and the lanes alike. */
    static void warnDesync(String name, ProtocolException cause) {
        LOG.warn("discarding the connection to memcached {} after a reply that is not the reply to its request "
                + "(desync) or cannot be parsed: {}", name, cause.getMessage());
    }

    /** Replaces a connection holding only timed-out requests; requests not yet written wait for the new one. */
    private void recycle() {
        int stale = timedOut;
        log("replacing the connection to memcached {}: {} requests timed out without a reply", stale);
        closeChannel();
        wentDown(() -> new MemcachedTimeoutException("replaced the connection to memcached " + node + ": "
                + stale + " requests timed out without a reply"));
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
        if (retiring) {
            closeForGood(node::removedException);
            return;
        }
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
            closeQuietly(channel, name);
            channel = null;
            wire = null;
            opening = null;
            writeInterest = false;
            draining = false;
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
        if (retiring && retireIfDone()) {
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
            while ((op = backlog.peek()) != null && (op.isDone() || now - op.deadline >= 0)) {
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
            // Deadlines are almost in order: a caller descheduled between taking its start time and
            // submitting can be behind a later one. Such a request fails on time too; the oldest-first
            // bookkeeping above counts it when its turn comes, and one never written is dropped.
            for (int i = timedOut + 1; i < inflight.size(); i++) {
                expireIfOverdue(inflight.get(i), now);
            }
            for (int i = 1; i < backlog.size(); i++) {
                expireIfOverdue(backlog.get(i), now);
            }
            if (!draining && timedOut > 0 && (timedOut >= recycleThreshold || now - inflight.peek().deadline >= stallNanos)) {
                draining = true;
                LOG.debug("memcached {} does not answer ({} requests timed out); writing nothing more to this connection, "
                        + "replacing it once its requests have timed out", name, timedOut);
            }
            // replaced only once nothing live is left on it, so a recycle never fails a request early;
            // under the lock, so that no caller writes a request in between
            if (draining && timedOut == inflight.size()) {
                if (timedOut == 0) {
                    draining = false; // the server answered everything after all: carry on with this connection
                    markDirty();
                } else {
                    recycle();
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** @return whether {@link #tick} has anything to watch */
    boolean needsTimer() {
        return connectPending || (retiring && state != CLOSED) || state == DOWN
                || !inflight.isEmpty() || !written.isEmpty() || !backlog.isEmpty();
    }

    /** @return how many channels this connection opened so far; for tests */
    int channelsOpened() {
        return channelsOpened;
    }

    /**
     * Fails every request of this connection whose deadline has passed; called by the watchdog
     * while the loop is blocked in a callback. It reads the loop's queues without the loop, so it
     * may miss requests added meanwhile (the next call sees them) but never fails one early; the
     * loop's own bookkeeping ({@code timedOut}) is unchanged and catches up when it runs again.
     *
     * @param now {@link System#nanoTime()}
     */
    void expireOverdue(long now) {
        inflight.forEachRacy(op -> expireIfOverdue(op, now));
        written.forEachRacy(op -> expireIfOverdue(op, now));
        if (writeLock.tryLock()) {
            try {
                backlog.forEachRacy(op -> expireIfOverdue(op, now));
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Fails a request whose deadline has passed; any thread. */
    void expireIfOverdue(Op<?, ?> op, long now) {
        if (now - op.deadline >= 0 && !op.isDone()) {
            op.completeExceptionally(timeout(op));
        }
    }

    private MemcachedTimeoutException timeout(Op<?, ?> op) {
        return timeout(node, op.request, state == CONNECTED);
    }

    /** The failure of a request without a reply by its deadline; for the loop's connections and the lanes alike. */
    static MemcachedTimeoutException timeout(ServerNode node, Request<?> request, boolean connected) {
        return new MemcachedTimeoutException("no reply from memcached " + node + " in time ("
                + request.getClass().getSimpleName() + (connected ? "" : ", not connected") + ")");
    }

    /** Closes the connection for good, failing what is pending. */
    void shutdown() {
        closeForGood(Connection::closedException);
    }

    private void closeForGood(Supplier<? extends RuntimeException> failure) {
        state = CLOSED;
        closeChannel();
        wentDown(failure);
        connectPending = false;
        failEverything(failure);
        if (retiring) {
            loop.remove(this);
        }
    }

    /**
     * Retires the connection of a removed server (see {@link #retiring}); loop thread. One not
     * connected closes at once, failing the requests waiting for it.
     */
    void retire() {
        if (state == CLOSED) {
            return;
        }
        retiring = true;
        retireIfDone();
    }

    /**
     * Closes a retiring connection once nothing it was given awaits a reply: every request written
     * was answered or has timed out, and none waits to be written or is on its way from a caller.
     *
     * @return whether it closed
     */
    private boolean retireIfDone() {
        if (state == CONNECTED) {
            writeLock.lock();
            try {
                takeWritten();
                if (timedOut < inflight.size() || !backlog.isEmpty() || queued.get() != 0) {
                    return false;
                }
            } finally {
                writeLock.unlock();
            }
            LOG.info("closing the connection to memcached {}: the server was removed from the client's list", name);
        }
        closeForGood(node::removedException);
        return true;
    }

    static MemcachedConnectionException closedException() {
        return new MemcachedConnectionException("the memcached client is closed");
    }

    /** Closes a channel or selector of a connection or lane, logging a failure at DEBUG; null is ignored. */
    static void closeQuietly(Closeable closeable, String name) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException e) {
                LOG.debug("closing {} of {} failed", closeable, name, e);
            }
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    @Override
    public String toString() {
        return "Connection[" + name + "]";
    }
}
