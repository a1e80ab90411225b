package io.memcached4j.testkit.internal.inmem;

import io.memcached4j.Keys;
import io.memcached4j.LineConnection;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;
import io.memcached4j.testkit.internal.server.ServerRegistry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A line connection with a server session of its own, bound for life to the server its address
 * named on the first command (faults included). Commands run on the client's loop thread; their
 * replies wait here until the caller reads them, one line at a time.
 */
final class InMemoryLineConnection implements LineConnection {
    private final ServerAddress server;
    private final Executor loop;
    private final BiConsumer<Long, Runnable> later;
    private final int maxLineBytes;
    private final Consumer<InMemoryLineConnection> onClose;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    // guarded by lock: received[start, end) is unread
    private byte[] received = new byte[8 * 1024];
    private int start;
    private int end;
    private boolean serverClosed;
    private boolean closed;
    // loop thread only
    private ServerEnd serverEnd;

    InMemoryLineConnection(ServerAddress server, Executor loop, BiConsumer<Long, Runnable> later, int maxLineBytes,
                           Consumer<InMemoryLineConnection> onClose) {
        this.server = server;
        this.loop = loop;
        this.later = later;
        this.maxLineBytes = maxLineBytes;
        this.onClose = onClose;
    }

    @Override
    public ServerAddress server() {
        return server;
    }

    @Override
    public void sendLine(String commandLine) {
        Keys.requireValidCommandLine(commandLine);
        lock.lock();
        try {
            if (closed || serverClosed) {
                throw new MemcachedConnectionException("the line connection to memcached " + server + " is closed");
            }
        } finally {
            lock.unlock();
        }
        ByteBuffer bytes = ByteBuffer.wrap((commandLine + "\r\n").getBytes(StandardCharsets.UTF_8));
        try {
            loop.execute(() -> execute(bytes));
        } catch (RejectedExecutionException e) {
            throw new MemcachedConnectionException("the memcached client of this line connection is closed", e);
        }
    }

    /** Runs on the loop thread. */
    private void execute(ByteBuffer bytes) {
        if (isClosed()) {
            return;
        }
        if (serverEnd == null) {
            serverEnd = ServerEnd.connect(ServerRegistry.serverAt(server));
            if (serverEnd == null) {
                publish(null, true); // refused
                return;
            }
        }
        serverEnd.receive(bytes);
        served(serverEnd);
    }

    /** Runs on the loop thread: publishes the due replies, and comes back when a held-back one is due. */
    private void served(ServerEnd current) {
        if (current != serverEnd) {
            return;
        }
        ByteBuffer replies = current.drainTo(ByteBuffer.allocate(1024));
        replies.flip();
        boolean ended = current.session.isClosing();
        publish(replies, ended);
        if (ended) {
            closeSession();
        } else {
            current.scheduleRelease(later, () -> served(current));
        }
    }

    private void publish(ByteBuffer replies, boolean ended) {
        lock.lock();
        try {
            while (replies != null && replies.hasRemaining()) {
                if (end == received.length) {
                    makeRoom();
                }
                int n = Math.min(replies.remaining(), received.length - end);
                replies.get(received, end, n);
                end += n;
            }
            serverClosed |= ended;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void makeRoom() {
        if (start > 0) {
            System.arraycopy(received, start, received, 0, end - start);
            end -= start;
            start = 0;
        } else {
            received = Arrays.copyOf(received, received.length * 2);
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String readLine(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (int i = start; i < end; i++) {
                    if (received[i] == '\n') {
                        int lineEnd = i > start && received[i - 1] == '\r' ? i - 1 : i;
                        String line = new String(received, start, lineEnd - start, StandardCharsets.ISO_8859_1);
                        start = i + 1;
                        return line;
                    }
                }
                if (end - start > maxLineBytes) {
                    throw new ProtocolException("a line from memcached " + server + " exceeds " + maxLineBytes + " bytes");
                }
                if (closed) {
                    throw new MemcachedConnectionException("the line connection to memcached " + server + " is closed");
                }
                if (serverClosed) {
                    throw new MemcachedConnectionException("memcached " + server + " closed the connection");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new MemcachedTimeoutException("no full line from memcached " + server + " within "
                            + TimeUnit.NANOSECONDS.toMillis(timeout.toNanos()) + " ms");
                }
                arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemcachedException("interrupted while reading from memcached " + server, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        onClose.accept(this);
        try {
            loop.execute(this::closeSession);
        } catch (RejectedExecutionException e) {
            // the client's loop has ended, and the session with it
        }
    }

    /** Runs on the loop thread. */
    private void closeSession() {
        if (serverEnd != null) {
            serverEnd.session.close();
            serverEnd = null;
        }
    }
}
