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
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One I/O thread: a selector over its connections, the queue callers submit to, and the timers.
 *
 * <p>Each turn takes every submitted request and encodes it into its connection's write buffer,
 * writes each buffer that changed with one {@code write}, runs the timers (every
 * {@value #TICK_MILLIS} ms while something is pending, or was in the last second), then selects.
 * Callers wake the selector only when the loop is about to sleep in it, so a busy loop is never
 * woken per request; and a caller that finds the loop asleep writes its request itself when it can
 * ({@link Connection#tryWrite}), so that the loop wakes only for the reply.
 */
final class EventLoop implements Runnable {
    static final long TICK_MILLIS = 10;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    /** Idle ticks after which the loop sleeps without a timeout, about a second. */
    private static final int IDLE_TICKS = 100;
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
    /** Connections whose caller-written request needs the loop: a partial or failed write. */
    private final ConcurrentLinkedQueue<Connection> callerWrites = new ConcurrentLinkedQueue<>();
    /** Loop thread writes (copy on write); the watchdog reads it too. */
    private volatile Connection[] connections = new Connection[0];
    /** Work for the loop thread: connections of servers added at run time, retirements. */
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Connection> dirty = new ArrayDeque<>();
    /** Runs inside {@code select}: from here on the loop is awake, and its turn counts as progress. */
    private final Consumer<SelectionKey> onKey = key -> {
        this.sleeping = false;
        this.turns++;
        ((Connection) key.attachment()).onReady(key);
    };
    private volatile boolean sleeping;
    /** The loop sleeps with no timeout, so a request written by a caller must wake it for its timer. */
    private volatile boolean untimed;
    private int idleTicks;
    private volatile boolean stopping;
    private volatile boolean terminated;
    /** Turns of the loop so far; the {@link Watchdog} sees a loop blocked in a callback by it not moving. */
    private volatile long turns;
    /** Woken when the loop leaves a sleep without timer, so that it watches again. */
    private volatile Thread watchdog;
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
        connections = append(connections, connection);
    }

    private static Connection[] append(Connection[] cs, Connection c) {
        Connection[] more = Arrays.copyOf(cs, cs.length + 1);
        more[cs.length] = c;
        return more;
    }

    /**
     * Adds a connection of a server added while the loop runs, and starts connecting it; any thread.
     * A connection added to a loop that has stopped is shut down at once.
     *
     * @param connection the new connection
     */
    void addRunning(Connection connection) {
        execute(() -> {
            connections = append(connections, connection);
            connection.startConnect(System.nanoTime());
        });
    }

    /**
     * Runs a task on the loop thread, at its next turn; any thread. Once the loop has stopped (the
     * client is closed) tasks are dropped: a connection added then never connects, and a request
     * for it fails as the closed client's requests do.
     *
     * @param task the task
     */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * Drops a connection that has closed for good (its server was removed); loop thread.
     *
     * @param connection the connection
     */
    void remove(Connection connection) {
        Connection[] cs = connections;
        for (int i = 0; i < cs.length; i++) {
            if (cs[i] == connection) {
                Connection[] fewer = new Connection[cs.length - 1];
                System.arraycopy(cs, 0, fewer, 0, i);
                System.arraycopy(cs, i + 1, fewer, i, cs.length - i - 1);
                connections = fewer;
                return;
            }
        }
    }

    void start(Thread loopThread) {
        this.thread = loopThread;
        loopThread.start();
    }

    Thread thread() {
        return thread;
    }

    void watchdog(Thread watchdogThread) {
        this.watchdog = watchdogThread;
    }

    /** @return the turns the loop has made; any thread */
    long turns() {
        return turns;
    }

    /**
     * Fails the requests of this loop whose deadline has passed: those submitted and not yet taken,
     * and those of its connections. Called by the watchdog while the loop is blocked; any thread.
     *
     * @param now {@link System#nanoTime()}
     */
    void expireOverdue(long now) {
        submissions.forEachRacy(op -> op.connection.expireIfOverdue(op, now));
        for (Connection c : connections) {
            c.expireOverdue(now);
        }
    }

    /**
     * Hands a request to the loop; any thread.
     *
     * @param op the request, holding a permit of its connection
     */
    void submit(Op<?, ?> op) {
        op.connection.queued.incrementAndGet();
        submissions.offer(op);
        if (terminated) {
            op.completeExceptionally(Failures.closed());
        } else {
            wakeIfSleeping();
        }
    }

    private void wakeIfSleeping() {
        if (sleeping && SLEEPING.compareAndSet(this, true, false)) {
            selector.wakeup();
        }
    }

    /** @return whether the loop sleeps with no timer, idle for a second; for tests */
    boolean sleepsUntimed() {
        return untimed;
    }

    /** @return whether the loop sleeps in the selector now, so a submission would have to wake it; any thread */
    boolean isSleeping() {
        return sleeping;
    }

    /**
     * Called after a caller wrote a request itself; any thread.
     *
     * @param connection the connection written to
     * @param needsLoop whether the socket took only part of it, or the write failed
     */
    void wrote(Connection connection, boolean needsLoop) {
        if (needsLoop) {
            callerWrites.add(connection);
            wakeIfSleeping();
        } else if (untimed) {
            wakeIfSleeping();
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
                turns++;
                drainSubmissions();
                flushDirty();
                now = System.nanoTime();
                if (now - nextTick >= 0) {
                    for (Connection c : connections) {
                        c.tick(now);
                    }
                    flushDirty();
                    nextTick = now + TICK_NANOS;
                    idleTicks = needsTimer() ? 0 : Math.min(idleTicks + 1, IDLE_TICKS);
                }
                sleeping = true;
                if (!submissions.isEmpty() || !callerWrites.isEmpty() || !tasks.isEmpty() || stopping) {
                    sleeping = false;
                    selector.selectNow(onKey);
                } else {
                    selector.select(onKey, timerNeeded() ? TICK_MILLIS : 0);
                    sleeping = false;
                    if (untimed) {
                        untimed = false;
                        Thread w = watchdog;
                        if (w != null) {
                            LockSupport.unpark(w);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.error("memcached4j event loop {} failed; failing its requests", Thread.currentThread().getName(), e);
        } finally {
            shutdown();
        }
    }

    private void drainSubmissions() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
        Op<?, ?> op;
        while ((op = submissions.poll()) != null) {
            op.connection.enqueue(op);
            op.connection.queued.decrementAndGet();
        }
        Connection c;
        while ((c = callerWrites.poll()) != null) {
            c.afterCallerWrite();
        }
    }

    /**
     * Tells whether the loop must wake up for the timers. After a second without anything pending
     * it need not; from then on a caller that writes a request itself wakes it ({@link #wrote}).
     */
    private boolean timerNeeded() {
        if (idleTicks < IDLE_TICKS) {
            return true;
        }
        untimed = true;
        if (needsTimer()) {
            untimed = false;
            return true;
        }
        return false;
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
        tasks.clear();
        Op<?, ?> op;
        while ((op = submissions.poll()) != null) {
            op.connection.queued.decrementAndGet();
            op.connection.release(op);
            op.completeExceptionally(Failures.closed());
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector failed", e);
        }
    }
}
