package io.memcached4j.transport.nio;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One I/O thread: a selector over its connections, the queue callers submit to, and the timers.
 *
 * <p>Each turn takes every submitted request and encodes it into its connection's write buffer,
 * writes each buffer that changed with one {@code write}, runs the timers (every
 * {@value #TICK_MILLIS} ms while something is pending), then selects. Callers wake the selector
 * only when the loop is about to sleep in it, so a busy loop is never woken per request.
 */
final class EventLoop implements Runnable {
    static final long TICK_MILLIS = 10;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    private static final VarHandle SLEEPING;

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(EventLoop.class, "sleeping", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Selector selector;
    private final OpQueue submissions = new OpQueue();
    private final List<Connection> connections = new ArrayList<>();
    private final ArrayDeque<Connection> dirty = new ArrayDeque<>();
    private final Consumer<SelectionKey> onKey = key -> ((Connection) key.attachment()).onReady(key);
    private volatile boolean sleeping;
    private volatile boolean stopping;
    private volatile boolean terminated;
    private Thread thread;

    EventLoop() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    Selector selector() {
        return selector;
    }

    /** Adds a connection before the loop starts. */
    void add(Connection connection) {
        connections.add(connection);
    }

    void start(Thread loopThread) {
        this.thread = loopThread;
        loopThread.start();
    }

    Thread thread() {
        return thread;
    }

    /**
     * Hands a request to the loop; any thread.
     *
     * @param op the request, holding a permit of its connection
     */
    void submit(Op<?, ?> op) {
        submissions.offer(op);
        if (terminated) {
            op.completeExceptionally(Connection.closedException());
        } else if (sleeping && SLEEPING.compareAndSet(this, true, false)) {
            selector.wakeup();
        }
    }

    /** Asks the loop to fail what is pending, close its connections and end; any thread. */
    void stop() {
        stopping = true;
        selector.wakeup();
    }

    void markDirty(Connection connection) {
        dirty.add(connection);
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        for (Connection c : connections) {
            c.startConnect(now);
        }
        long nextTick = now + TICK_NANOS;
        try {
            while (!stopping) {
                drainSubmissions();
                flushDirty();
                now = System.nanoTime();
                if (now - nextTick >= 0) {
                    for (Connection c : connections) {
                        c.tick(now);
                    }
                    flushDirty();
                    nextTick = now + TICK_NANOS;
                }
                sleeping = true;
                if (!submissions.isEmpty() || stopping) {
                    sleeping = false;
                    selector.selectNow(onKey);
                } else {
                    selector.select(onKey, needsTimer() ? TICK_MILLIS : 0);
                    sleeping = false;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.error("memcached4j event loop {} failed; failing its requests", Thread.currentThread().getName(), e);
        } finally {
            shutdown();
        }
    }

    private void drainSubmissions() {
        Op<?, ?> op;
        while ((op = submissions.poll()) != null) {
            op.connection.enqueue(op);
        }
    }

    private void flushDirty() {
        Connection c;
        while ((c = dirty.poll()) != null) {
            c.flush();
        }
    }

    private boolean needsTimer() {
        for (Connection c : connections) {
            if (c.needsTimer()) {
                return true;
            }
        }
        return false;
    }

    private void shutdown() {
        for (Connection c : connections) {
            c.shutdown();
        }
        terminated = true;
        Op<?, ?> op;
        while ((op = submissions.poll()) != null) {
            op.connection.permits.release();
            op.completeExceptionally(Connection.closedException());
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector failed", e);
        }
    }
}
