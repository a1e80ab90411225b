package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.LineConnection;
import io.memcached4j.MemcachedException;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.ClientFuture;
import io.memcached4j.core.DispatchingClient;
import io.memcached4j.core.IoThreadGuard;
import io.memcached4j.core.ReplyMapper;
import io.memcached4j.core.RequestDispatcher;
import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The NIO transport under {@link DispatchingClient}: the servers, their
 * connections and the event loops. {@link #send} picks the connection of a server and hands an
 * {@link Op} to its event loop.
 *
 * <p>The {@code blocking} flag says what to do when a connection already has
 * {@link ClientConfig#maxRequestsInFlight()} requests: wait for a slot up to the timeout (blocking
 * callers) or fail at once (asynchronous callers).
 */
final class NioClient implements RequestDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(NioClient.class);
    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();
    /** How long close() waits for the I/O threads, which only a blocking callback can hold up. */
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Lanes per server (see {@link Lane}): the blocking callers served on their own threads at once. */
    static final int LANES = 8;

    private final ClientConfig config;
    private final ProtocolCodec codec;
    /**
     * The servers by id (see {@link RequestDispatcher}); a removed one is a tombstone that fails its
     * requests. Replaced as a whole, under {@code this}, when the list changes.
     */
    private volatile ServerNode[] nodes;
    private final EventLoop[] loops;
    private final Wires wires;
    private final Backoff backoff;
    /** The loop the next connection goes to, round robin; under {@code this}. */
    private int nextLoop;
    private final long timeoutNanos;
    private final int itemSizeLimit;
    private final IoThreadGuard guard = new IoThreadGuard(() -> IoThread.isLoopOf(this));
    private final Watchdog watchdog;
    private final Thread watchdogThread;
    /** Ends the blocking lanes' calls at their deadlines, from the watchdog. */
    private final LaneClock laneClock = new LaneClock();
    private volatile boolean closed;
    private final AtomicBoolean closeLogged = new AtomicBoolean();
    private final int id = CLIENT_IDS.incrementAndGet();

    NioClient(ClientConfig config, ProtocolCodec codec) {
        this.config = config;
        this.codec = codec;
        this.timeoutNanos = config.operationTimeout().toNanos();
        this.itemSizeLimit = config.itemSizeLimit();
        List<ServerAddress> servers = config.servers();
        ServerNode[] initial = new ServerNode[servers.size()];
        this.wires = new Wires(config);
        // a list that may grow gets every I/O thread configured; a fixed one no more than its connections
        int connections = config.hasDiscovery() ? Integer.MAX_VALUE
                : Math.max(1, servers.size()) * config.connectionsPerServer();
        this.loops = new EventLoop[Math.min(config.ioThreads(), connections)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new EventLoop();
        }
        this.backoff = new Backoff(config.reconnectDelayMin(), config.reconnectDelayMax());
        for (int i = 0; i < initial.length; i++) {
            initial[i] = newNode(servers.get(i), false);
        }
        this.nodes = initial;
        this.watchdog = new Watchdog(loops, laneClock);
        this.watchdogThread = new IoThread(this, watchdog, "memcached4j-nio-" + id + "-watchdog");
        for (int i = 0; i < loops.length; i++) {
            loops[i].watchdog(watchdogThread);
            loops[i].start(new IoThread(this, loops[i], "memcached4j-nio-" + id + "-" + i));
        }
        watchdogThread.start();
        LOG.info("memcached4j client {} started: {} server(s) {}, {} connection(s) each, {} I/O thread(s)",
                id, servers.size(), servers, config.connectionsPerServer(), loops.length);
    }

    /**
     * Makes a server's node, its connections, each on the next loop, started at once or when the
     * loops start, and its lanes (opened by their first callers).
     */
    private ServerNode newNode(ServerAddress address, boolean running) {
        ServerNode node = new ServerNode(address, guard, wires, config.listener().orElse(null), timeoutNanos);
        long connectTimeout = config.connectTimeout().toNanos();
        Connection[] connections = new Connection[config.connectionsPerServer()];
        for (int i = 0; i < connections.length; i++) {
            EventLoop loop = loops[nextLoop++ % loops.length];
            connections[i] = new Connection(node, i, loop, codec, backoff, connectTimeout,
                    config.maxRequestsInFlight(), itemSizeLimit, 2 * timeoutNanos);
        }
        node.connections(connections);
        Lane[] lanes = new Lane[LANES];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(node, i, codec, connectTimeout, itemSizeLimit, laneClock);
        }
        node.lanes(lanes);
        for (Connection c : connections) {
            if (running) {
                c.loop.addRunning(c);
            } else {
                c.loop.add(c);
            }
        }
        return node;
    }

    /** Opens connections to a server added to the client's list, in the background; see {@link RequestDispatcher#addServer}. */
    @Override
    public synchronized void addServer(int server, ServerAddress address) {
        ServerNode[] current = nodes;
        if (server < current.length && current[server] != null) {
            throw new IllegalArgumentException("server id " + server + " is in use by " + current[server]);
        }
        ServerNode[] more = Arrays.copyOf(current, Math.max(current.length, server + 1));
        more[server] = newNode(address, true);
        nodes = more;
        LOG.info("memcached4j client {}: server {} added, connecting", id, address);
    }

    /** Retires a server removed from the client's list; see {@link RequestDispatcher#removeServer}. */
    @Override
    public synchronized void removeServer(int server) {
        ServerNode[] fewer = nodes.clone();
        ServerNode node = fewer[server];
        fewer[server] = node.retire();
        nodes = fewer;
        LOG.info("memcached4j client {}: server {} removed; its connections and lanes close once their requests are done",
                id, node.address);
    }

    @Override
    public ClientConfig config() {
        return config;
    }

    ProtocolCodec codec() {
        return codec;
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    @Override
    public <D, T> CompletableFuture<T> send(int server, Request<D> request, ReplyMapper<D, T> mapper,
                                            long timeout, boolean blocking) {
        return send(nodes[server], request, mapper, timeout, blocking, null);
    }

    /** Makes the request's future with the observer. */
    @Override
    public <D, T> CompletableFuture<T> send(int server, Request<D> request, ReplyMapper<D, T> mapper,
                                            long timeout, boolean blocking, ClientFuture.Observer observer) {
        return send(nodes[server], request, mapper, timeout, blocking, observer);
    }

    /**
     * Carries a blocking call on the calling thread over a free {@link Lane} of the server when one
     * may take it; else like {@link #send} with {@code blocking}.
     */
    @Override
    public <D, T> CompletableFuture<T> call(int server, Request<D> request, ReplyMapper<D, T> mapper, long timeout) {
        return call(server, request, mapper, timeout, null);
    }

    /** As {@link #call(int, Request, ReplyMapper, long)}, making the request's future with the observer. */
    @Override
    public <D, T> CompletableFuture<T> call(int server, Request<D> request, ReplyMapper<D, T> mapper, long timeout,
                                            ClientFuture.Observer observer) {
        long start = System.nanoTime();
        ServerNode node = nodes[server];
        if (!closed && !Thread.currentThread().isInterrupted()) {
            Lane lane = node.takeLane(orderingKey(request), start);
            if (lane != null) {
                try {
                    CompletableFuture<T> result = lane.call(request, mapper, start, start + timeout, observer);
                    if (result != null) {
                        return result;
                    }
                } finally {
                    lane.release();
                }
            }
        }
        return send(node, request, mapper, Math.max(0, start + timeout - System.nanoTime()), true, observer); // what a lane left
    }

    /** Every {@link Op} and lane future carries the start its deadline was counted from, and the read of its reply. */
    @Override
    public boolean stampsFutures() {
        return true;
    }

    @Override
    public IoThreadGuard ioThreadGuard() {
        return guard;
    }

    @Override
    public LineConnection openLineConnection(ServerAddress server) {
        if (closed) {
            throw Failures.closed();
        }
        return SocketLineConnection.open(server, wires, config.connectTimeout(), itemSizeLimit + 1024);
    }

    @Override
    public String name() {
        return NioTransportProvider.NAME;
    }

    // ---------------------------------------------------------------- the one code path

    /**
     * Sends a request to a server.
     *
     * @param node the server
     * @param request the validated request
     * @param mapper turns the reply into the result
     * @param timeout the time the request may take, in nanoseconds
     * @param blocking whether to wait for a free slot rather than fail when the connection is full
     * @return the future result, completed on the event loop
     */
    <D, T> CompletableFuture<T> send(ServerNode node, Request<D> request, ReplyMapper<D, T> mapper,
                                     long timeout, boolean blocking, ClientFuture.Observer observer) {
        long start = System.nanoTime();
        if (closed) {
            return CompletableFuture.failedFuture(Failures.closed());
        }
        boolean crowded = blocking && node.crowded(); // read once: it chooses the connection, then who writes
        Connection connection = node.pick(orderingKey(request), blocking, crowded);
        if (connection == null) {
            return CompletableFuture.failedFuture(node.downException());
        }
        MemcachedException noSlot = connection.slots.acquire(blocking, timeout);
        if (noSlot != null) {
            return CompletableFuture.failedFuture(noSlot);
        }
        if (!blocking) {
            connection.asyncInFlight.incrementAndGet();
        }
        Op<D, T> op = new Op<>(request, mapper, connection, start, start + timeout, blocking, observer);
        // A blocking caller waits anyway, so it writes itself rather than wake the loop, unless many
        // wait (the loop merges and batches theirs); an asynchronous one only on an idle connection,
        // since the loop batches a stream of requests.
        boolean writeItself = connection.loop.isSleeping() && (blocking ? !crowded : connection.isIdle());
        if (!writeItself || !connection.tryWrite(op)) {
            connection.loop.submit(op);
        }
        return op;
    }

    /** @return whether every I/O thread sleeps without a timer, idle for a second; for tests */
    boolean ioThreadsSleepUntimed() {
        for (EventLoop loop : loops) {
            if (!loop.sleepsUntimed()) {
                return false;
            }
        }
        return true;
    }

    /** The key whose requests must stay in order: a single-key request's; null for the others. */
    private static String orderingKey(Request<?> request) {
        if (request instanceof Request.Retrieval retrieval && retrieval.keys().size() > 1
                || request instanceof Request.GetAll getAll && getAll.keys().size() > 1) {
            return null;
        }
        return request.routingKey();
    }

    /**
     * Stops the event loops, which fail pending requests and close their connections, and the
     * watchdog, and waits for their threads (unless called on one of them). Every call waits, also
     * one made while another thread is closing the client, so none returns while a thread runs.
     */
    @Override
    public void close() {
        closed = true;
        for (EventLoop loop : loops) {
            loop.stop();
        }
        watchdog.stop();
        LockSupport.unpark(watchdogThread);
        for (ServerNode node : nodes) {
            for (Lane lane : node.lanes()) {
                lane.shutdown();
            }
        }
        if (IoThread.isLoopOf(this)) {
            return;
        }
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        boolean interrupted = false;
        List<Thread> threads = new ArrayList<>();
        for (EventLoop loop : loops) {
            threads.add(loop.thread());
        }
        threads.add(watchdogThread);
        for (Thread t : threads) {
            while (t.isAlive() && System.nanoTime() - deadline < 0) {
                try {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (t.isAlive() && closeLogged.compareAndSet(false, true)) {
                LOG.warn("memcached4j thread {} is still busy after close(): a callback on it blocks", t.getName());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (closeLogged.compareAndSet(false, true)) {
            LOG.info("memcached4j client for {} closed", config.servers());
        }
    }

    /** @return channels opened by every lane so far; for tests */
    int lanesOpened() {
        int n = 0;
        for (ServerNode node : nodes) {
            for (Lane lane : node.lanes()) {
                n += lane.channelsOpened();
            }
        }
        return n;
    }

    /** @return channels opened by every connection so far; for tests */
    int channelsOpened() {
        int n = 0;
        for (ServerNode node : nodes) {
            for (Connection c : node.connections()) {
                n += c.channelsOpened();
            }
        }
        return n;
    }
}
