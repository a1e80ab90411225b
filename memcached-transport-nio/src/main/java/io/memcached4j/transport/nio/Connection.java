package io.memcached4j.transport.nio;

import io.memcached4j.ClientListener;
import io.memcached4j.MemcachedAuthenticationException;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ProtocolException;
import io.memcached4j.core.RequestSlots;
import io.memcached4j.core.codec.ProtocolCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One TCP connection to a server, driven by one {@link EventLoop}: its life (connecting, the TLS
 * handshake and login, reconnecting with backoff, retiring), its timers, and the hand-off between
 * its write side ({@link Outbound}), the requests awaiting replies ({@link AwaitingReplies}) and its
 * read side ({@link Inbound}). The read side and the timers are confined to the loop thread; the
 * write side is guarded by {@code writeLock}, because a caller may write its own request: when the
 * loop is asleep and nothing is queued or buffered for the connection, the caller writes its
 * request itself ({@link #tryWrite}) instead of waking the loop.
 *
 * <p>A connection is stalled when its oldest request is still unanswered two operation timeouts
 * after its own deadline, or when half of {@code maxRequestsInFlight} timed-out requests await
 * replies on it. A stalled connection writes nothing more (new requests wait in the backlog, within
 * their own timeouts); once every request written to it has timed out, at most one operation
 * timeout later, it is closed and replaced, and the backlog goes out on the new one. So a server
 * that stops answering is left after at most about four operation timeouts, however busy the
 * connection is. A desync ({@link Inbound}) discards the connection: every request on it fails with
 * {@link ProtocolException}, and it is replaced.
 */
final class Connection implements Inbound.Events {
    static final int CONNECTING = 0;
    static final int CONNECTED = 1;
    static final int DOWN = 2;
    static final int CLOSED = 3;

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

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
    private final long connectTimeoutNanos;
    private final int recycleThreshold;
    /** How long past its deadline the oldest request may wait for its reply before the connection is stalled: two operation timeouts. */
    private final long stallNanos;
    private volatile int state = CONNECTING;
    private volatile boolean loginRefused;

    /** Guards the channel's writes: {@code outbound}, and {@code channel} and {@code wire} when they change. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AwaitingReplies awaiting;
    private final Outbound outbound;
    private final Inbound inbound;
    private volatile int channelsOpened; // for tests

    private SocketChannel channel;
    /** The stream over {@code channel}: plain or TLS. */
    private Wire wire;
    /** Readies a new channel (TLS handshake, login) before requests go out on it; null once ready. */
    private Opening opening;
    private SelectionKey key;
    private boolean dirty;
    private boolean writeInterest;
    private boolean connectPending;
    private long connectDeadline;
    private final ChannelHealth health;
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
        this.health = new ChannelHealth(node, name, backoff);
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.slots = new RequestSlots(maxRequestsInFlight, node);
        this.stallNanos = stallNanos;
        this.recycleThreshold = Math.max(1, maxRequestsInFlight / 2);
        this.awaiting = new AwaitingReplies(this::release, this::timeout);
        this.outbound = new Outbound(codec, awaiting, this::release);
        this.inbound = new Inbound(node, awaiting, outbound, this::timeout, this, itemSizeLimit);
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
        return state == CONNECTED && health.healthy();
    }

    boolean acceptsRequests() {
        int s = state;
        return s == CONNECTED || s == CONNECTING;
    }

    String downReason() {
        return health.downReason();
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
        int written;
        try {
            SocketChannel ch = channel;
            if (state != CONNECTED || ch == null || queued.get() != 0) {
                return false;
            }
            written = outbound.callerWrite(op, ch, wire);
        } finally {
            writeLock.unlock();
        }
        if (written != Outbound.REFUSED) {
            loop.wrote(this, written == Outbound.NEEDS_LOOP);
        }
        return written != Outbound.REFUSED;
    }

    /** Frees the slot of a request leaving this connection, or of each member of a {@link GetBatch}; any thread. */
    void release(Op<?, ?> op) {
        if (op.members != null) {
            for (Op<?, ?> member : op.members) {
                release(member);
            }
            return;
        }
        slots.release();
        if (!op.blocking) {
            asyncInFlight.decrementAndGet();
        }
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
                    outbound.submit(op);
                    markDirty();
                }
                case CONNECTING -> outbound.hold(op);
                default -> {
                    release(op);
                    op.completeExceptionally(state != CLOSED ? node.downException(this)
                            : retiring ? node.removedException() : Failures.closed());
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
            if (!outbound.callerWriteFailed()) {
                markDirty();
                return;
            }
            IOException failure = outbound.takeWriteFailure(channel);
            if (failure != null) {
                lost(Failures.describe(failure), failure);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            loop.markDirty(this);
        }
    }

    /** Writes what is buffered, then what waits in the backlog, until done or the socket is full. */
    void flush() {
        writeLock.lock();
        try {
            dirty = false;
            if (state == CONNECTED) {
                writeInterest(outbound.flush(wire));
            }
        } catch (IOException e) {
            lost(Failures.describe(e), e);
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
            inbound.read(wire);
        }
        if ((ready & SelectionKey.OP_WRITE) != 0 && k == key && k.isValid()) {
            flush();
        }
    }

    @Override
    public void replied() {
        health.replied();
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
            connectFailed(Failures.describe(e), e);
        }
    }

    private void finishConnect() {
        try {
            if (channel.finishConnect()) {
                key.interestOps(SelectionKey.OP_READ);
                open();
            }
        } catch (IOException e) {
            connectFailed(Failures.describe(e), e);
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
            connectFailed(Failures.describe(e), e);
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
        inbound.start(codec.newDecoder());
        health.connected();
        writeLock.lock();
        try {
            outbound.newChannel();
            writeInterest = false;
            state = CONNECTED;
            flush();
        } finally {
            writeLock.unlock();
        }
        health.announceUp();
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
        health.logConnectFailure(reason, reconnectLater(reason));
        failEverything(() -> cause instanceof MemcachedAuthenticationException ? new MemcachedAuthenticationException(reason)
                : new MemcachedConnectionException("cannot connect to memcached " + node + ": " + reason, cause));
    }

    /** The connection broke: fail its requests and replace it. */
    @Override
    public void lost(String reason, Throwable cause) {
        health.logFailure("lost the connection to memcached {}: {}", reason);
        node.connectionLost();
        closeChannel();
        health.wentDown(() -> new MemcachedConnectionException("lost the connection to memcached " + node + ": " + reason, cause));
        failEverything(() -> new MemcachedConnectionException("lost the connection to memcached " + node + ": " + reason, cause));
        replace(reason);
    }

    /** A reply could not be parsed or did not answer its request: fail every request on this connection and replace it. */
    @Override
    public void desync(ProtocolException cause) {
        Failures.warnDesync(name, cause);
        closeChannel();
        ClientListener listener = node.listener;
        if (listener != null) {
            listener.desync(node.address, cause);
        }
        health.wentDown(() -> cause);
        awaiting.failOldest(cause);
        failEverything(() -> new ProtocolException("the connection to memcached " + node
                + " was discarded after a reply that is not its request's or cannot be parsed: " + cause.getMessage(), cause));
        replace("a reply that was not its request's or could not be parsed");
    }

    /** Replaces a connection holding only timed-out requests; requests not yet written wait for the new one. */
    private void recycle() {
        int stale = awaiting.timedOut();
        health.logFailure("replacing the connection to memcached {}: {} requests timed out without a reply", stale);
        closeChannel();
        health.wentDown(() -> new MemcachedTimeoutException("replaced the connection to memcached " + node + ": "
                + stale + " requests timed out without a reply"));
        awaiting.dropTimedOut();
        replace(stale + " requests timed out");
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
        if (health.replaceAtOnce()) {
            state = CONNECTING;
            startConnect(System.nanoTime());
        } else {
            reconnectLater(reason);
        }
    }

    /** Marks the server down and schedules the next attempt; returns the delay. */
    private long reconnectLater(String reason) {
        state = DOWN;
        return health.failed(reason);
    }

    private void closeChannel() {
        writeLock.lock();
        try {
            if (key != null) {
                key.cancel();
                key = null;
            }
            Failures.closeQuietly(channel, name);
            channel = null;
            wire = null;
            opening = null;
            writeInterest = false;
            outbound.channelClosed();
        } finally {
            writeLock.unlock();
        }
        inbound.stop();
    }

    private void failEverything(Supplier<? extends RuntimeException> failure) {
        awaiting.failAll(failure);
        writeLock.lock();
        try {
            outbound.failBacklog(failure);
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
        } else if (state == DOWN && health.reconnectDue(now)) {
            startConnect(now);
        }
        writeLock.lock();
        try {
            outbound.expireBacklog(now, this::timeout);
            awaiting.expire(now);
            int timedOut = awaiting.timedOut();
            if (!outbound.draining() && timedOut > 0
                    && (timedOut >= recycleThreshold || now - awaiting.oldestDeadline() >= stallNanos)) {
                outbound.drain();
                LOG.debug("memcached {} does not answer ({} requests timed out); writing nothing more to this connection, "
                        + "replacing it once its requests have timed out", name, timedOut);
            }
            // replaced only once nothing live is left on it, so a recycle never fails a request early;
            // under the lock, so that no caller writes a request in between
            if (outbound.draining() && awaiting.allTimedOut()) {
                if (awaiting.timedOut() == 0) {
                    outbound.resume(); // the server answered everything after all: carry on with this connection
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
                || !awaiting.isEmpty() || !outbound.backlogEmpty();
    }

    /** @return how many channels this connection opened so far; for tests */
    int channelsOpened() {
        return channelsOpened;
    }

    /**
     * Fails every request of this connection whose deadline has passed; called by the watchdog
     * while the loop is blocked in a callback. It reads the loop's queues without the loop, so it
     * may miss requests added meanwhile (the next call sees them) but never fails one early; the
     * loop's own bookkeeping is unchanged and catches up when it runs again.
     *
     * @param now {@link System#nanoTime()}
     */
    void expireOverdue(long now) {
        awaiting.expireRacy(now);
        if (writeLock.tryLock()) {
            try {
                outbound.expireBacklogRacy(now);
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Fails a request whose deadline has passed; any thread. */
    void expireIfOverdue(Op<?, ?> op, long now) {
        awaiting.expireIfOverdue(op, now);
    }

    private MemcachedTimeoutException timeout(Op<?, ?> op) {
        return Failures.timeout(node, op.request, state == CONNECTED);
    }

    /** Closes the connection for good, failing what is pending. */
    void shutdown() {
        closeForGood(Failures::closed);
    }

    private void closeForGood(Supplier<? extends RuntimeException> failure) {
        state = CLOSED;
        closeChannel();
        health.wentDown(failure);
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
                if (!awaiting.allTimedOut() || !outbound.backlogEmpty() || queued.get() != 0) {
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

    @Override
    public String toString() {
        return "Connection[" + name + "]";
    }
}
