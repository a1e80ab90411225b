package io.memcached4j.testkit.internal.inmem;

import io.memcached4j.ClientConfig;
import io.memcached4j.LineConnection;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.IoThreadGuard;
import io.memcached4j.core.ReplyMapper;
import io.memcached4j.core.RequestDispatcher;
import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.ProtocolCodecProvider;
import io.memcached4j.core.codec.Request;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory transport of one client: requests are encoded by the caller, executed in order
 * on the client's loop thread (server session, then client decoder), and timed out by a timer
 * thread of their own, so a stalled fake cannot hold a request past its timeout. Both threads
 * end when idle for a few seconds and start again on the next request.
 */
final class InMemoryDispatcher implements RequestDispatcher {
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    /** Idle threads end after this, so a client left open costs no thread while unused. */
    private static final long IDLE_SECONDS = 5;

    private final ClientConfig config;
    private final ProtocolCodec codec;
    /** The servers by id (see {@link RequestDispatcher}); replaced as a whole, under {@code this}, when the list changes. */
    private volatile ServerConnection[] connections;
    private final ThreadPoolExecutor loop;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<InMemoryLineConnection> lineConnections = ConcurrentHashMap.newKeySet();
    /** The threads the executors started (they end when idle and start again), for close() to join. */
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread loopThread;
    private final IoThreadGuard guard = new IoThreadGuard(this::onLoopThread);

    /** A request on its way to the loop; kept as a type so that {@link #close()} can fail it. */
    private record Delivery(ServerConnection connection, Pending<?, ?> pending, ByteBuffer bytes) implements Runnable {
        @Override
        public void run() {
            try {
                connection.deliver(pending, bytes);
            } catch (RuntimeException e) {
                MemcachedConnectionException failure = new MemcachedConnectionException(
                        "the in-memory memcached " + connection.address + " failed", e);
                pending.fail(failure);
                connection.disconnect(failure);
            }
        }
    }

    InMemoryDispatcher(ClientConfig config) {
        this.config = config;
        this.codec = ProtocolCodecProvider.find(null).create(config.itemSizeLimit());
        int id = CLIENTS.incrementAndGet();
        this.loop = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "memcached4j-inmem-" + id);
            thread.setDaemon(true);
            loopThread = thread;
            track(thread);
            return thread;
        });
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "memcached4j-inmem-timer-" + id);
            thread.setDaemon(true);
            track(thread);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        loop.allowCoreThreadTimeOut(true);
        this.connections = config.servers().stream().map(this::connectionTo).toArray(ServerConnection[]::new);
    }

    private ServerConnection connectionTo(ServerAddress server) {
        return new ServerConnection(server, codec, config.maxRequestsInFlight(), this::later);
    }

    @Override
    public synchronized void addServer(int server, ServerAddress address) {
        ServerConnection[] more = Arrays.copyOf(connections, Math.max(connections.length, server + 1));
        if (more[server] != null) {
            throw new IllegalArgumentException("server id " + server + " is in use by " + more[server].address);
        }
        more[server] = connectionTo(address);
        connections = more;
    }

    /**
     * Retires a removed server: requests sent to it before run first (the loop runs in order), then
     * its session ends, failing a reply still held back by a fault.
     */
    @Override
    public synchronized void removeServer(int server) {
        ServerConnection connection = connections[server];
        connection.removed = true;
        try {
            loop.execute(() -> connection.disconnect(new MemcachedConnectionException("memcached server "
                    + connection.address + " was removed from the client's server list before it answered")));
        } catch (RejectedExecutionException e) {
            // closed: close() ends every session
        }
    }

    private void track(Thread thread) {
        threads.removeIf(t -> t.getState() == Thread.State.TERMINATED);
        threads.add(thread);
    }

    /** Runs a task on the loop thread after a delay; dropped once the client is closed. */
    private void later(long nanos, Runnable task) {
        try {
            timer.schedule(() -> {
                try {
                    loop.execute(task);
                } catch (RejectedExecutionException e) {
                    // closed meanwhile
                }
            }, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    @Override
    public ClientConfig config() {
        return config;
    }

    @Override
    public <D, T> CompletableFuture<T> send(int server, Request<D> request, ReplyMapper<D, T> mapper,
                                            long timeoutNanos, boolean blocking) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(closedException());
        }
        ServerConnection connection = connections[server];
        if (connection.removed) {
            return CompletableFuture.failedFuture(connection.removedException());
        }
        MemcachedException noSlot = connection.slots.acquire(blocking, timeoutNanos);
        if (noSlot != null) {
            return CompletableFuture.failedFuture(noSlot);
        }
        Pending<D, T> pending = new Pending<>(guard, request, mapper, connection.slots);
        try {
            ByteBuffer bytes = ByteBuffer.allocate(codec.encodedSize(request));
            codec.encode(request, bytes);
            bytes.flip();
            ScheduledFuture<?> timeout = timer.schedule(() -> pending.completeExceptionally(new MemcachedTimeoutException(
                    "no reply from memcached " + connection.address + " within "
                            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms")), timeoutNanos, TimeUnit.NANOSECONDS);
            pending.whenComplete((result, failure) -> timeout.cancel(false));
            loop.execute(new Delivery(connection, pending, bytes));
        } catch (RejectedExecutionException e) {
            pending.fail(closedException());
        } catch (RuntimeException e) {
            pending.fail(e);
        }
        return pending;
    }

    @Override
    public IoThreadGuard ioThreadGuard() {
        return guard;
    }

    private boolean onLoopThread() {
        return Thread.currentThread() == loopThread;
    }

    @Override
    public LineConnection openLineConnection(ServerAddress address) {
        if (closed.get()) {
            throw closedException();
        }
        InMemoryLineConnection line = new InMemoryLineConnection(address, loop, this::later,
                config.itemSizeLimit() + 1024, lineConnections::remove);
        lineConnections.add(line);
        return line;
    }

    @Override
    public String name() {
        return InMemoryTransportProvider.NAME;
    }

    /**
     * Fails the requests not yet executed, closes the line connections and the sessions, and
     * waits up to the operation timeout for the loop and timer threads to finish (unless called on
     * the loop): every call, also one made while another is closing, returns once they have ended.
     * Requests held by a stalled fake still time out.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            List<Runnable> queued = new ArrayList<>();
            loop.getQueue().drainTo(queued);
            for (Runnable task : queued) {
                if (task instanceof Delivery delivery) {
                    delivery.pending().fail(closedException());
                }
            }
            lineConnections.forEach(InMemoryLineConnection::close);
            try {
                loop.execute(() -> {
                    for (ServerConnection c : connections) {
                        c.disconnect(closedException());
                    }
                    timer.shutdownNow();
                });
            } catch (RejectedExecutionException e) {
                timer.shutdownNow();
            }
            loop.shutdown();
        }
        if (!onLoopThread()) {
            // An executor counts as terminated just before its last thread ends: join the threads too,
            // so that close() returns only once none of them is alive.
            long wait = config.operationTimeout().toNanos();
            long deadline = System.nanoTime() + wait;
            try {
                loop.awaitTermination(wait, TimeUnit.NANOSECONDS);
                timer.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                for (Thread thread : threads) {
                    long left = deadline - System.nanoTime();
                    if (left > 0 && thread != Thread.currentThread()) {
                        TimeUnit.NANOSECONDS.timedJoin(thread, left);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static MemcachedConnectionException closedException() {
        return new MemcachedConnectionException("the memcached client is closed");
    }
}
