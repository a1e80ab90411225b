package io.memcached4j.testkit.server;

import io.memcached4j.protocol.text.server.ReplyWriter;
import io.memcached4j.protocol.text.server.ServerRequest;
import io.memcached4j.protocol.text.server.ServerRequestParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * The fake's TCP front end: one NIO selector thread, like memcached's event loop, serves every
 * connection; requests are parsed with the protocol module's {@link ServerRequestParser},
 * executed by the {@link Engine} and answered through a {@link ReplyWriter}. Replies of all
 * requests found in one read are written together, as memcached does. {@link ServerHooks} see
 * every connection and request first, and may hold back, replace or cut replies.
 */
public final class NioServer implements AutoCloseable {
    private static final int BUFFER_SIZE = 64 * 1024;
    /** memcached's {@code -R} default: after this many requests of a batch it transmits its replies. */
    private static final int REQUESTS_PER_EVENT = 20;
    private static final byte[] TOO_MANY = "ERROR Too many open connections\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Engine engine;
    private final ServerHooks hooks;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Wakeups<SelectionKey> wakeups = new Wakeups<>();
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final Thread loop;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private int connections;
    private long nextConnectionId;
    private boolean accepting = true;

    /** Per-connection state, touched only by the loop thread. */
    private static final class Connection {
        final SocketChannel channel;
        final long id;
        final ServerRequestParser parser;
        final RequestCapture capture = new RequestCapture();
        final HeldReplies held = new HeldReplies();
        final ReplyWriter out = new ReplyWriter();
        final ByteBuffer read = ByteBuffer.allocate(BUFFER_SIZE);
        final ByteBuffer write = ByteBuffer.allocate(BUFFER_SIZE);
        boolean closeAfterWrite;
        int requests;
        long bytesWritten;
        long wakeupAt = Long.MAX_VALUE;

        Connection(SocketChannel channel, long id, int itemSizeMax) {
            this.channel = channel;
            this.id = id;
            this.parser = new ServerRequestParser(itemSizeMax);
            write.flip();
        }

        boolean hasPendingOutput() {
            return write.hasRemaining() || !out.isEmpty() || !held.isEmpty();
        }
    }

    /**
     * Binds and starts serving.
     *
     * @param engine the cache
     * @param bind the address to listen on (port 0 for an ephemeral port)
     * @throws UncheckedIOException when the address cannot be bound
     */
    public NioServer(Engine engine, InetSocketAddress bind) {
        this(engine, bind, ServerHooks.NONE);
    }

    /**
     * Binds and starts serving, asking {@code hooks} about every connection and request.
     *
     * @param engine the cache
     * @param bind the address to listen on (port 0 for an ephemeral port)
     * @param hooks the request log and faults
     * @throws UncheckedIOException when the address cannot be bound
     */
    public NioServer(Engine engine, InetSocketAddress bind, ServerHooks hooks) {
        this.engine = engine;
        this.hooks = hooks;
        try {
            this.selector = Selector.open();
            this.listener = ServerSocketChannel.open();
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(bind, 1024);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind, e);
        }
        this.loop = new Thread(this::run, "fake-memcached-" + port());
        loop.setDaemon(true);
        loop.start();
    }

    /** @return the bound port */
    public int port() {
        return listener.socket().getLocalPort();
    }

    /**
     * Starts or stops accepting connections; while stopped, clients' connections wait in the
     * listen backlog. Returns once the server's loop applied the change.
     *
     * @param accept whether to accept
     */
    public void accepting(boolean accept) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable change = () -> {
            try {
                accepting = accept;
                SelectionKey key = listener.keyFor(selector);
                if (key != null && key.isValid()) {
                    key.interestOps(accept ? SelectionKey.OP_ACCEPT : 0);
                }
            } finally {
                done.complete(null);
            }
        };
        if (Thread.currentThread() == loop) {
            change.run();
            return;
        }
        tasks.add(change);
        selector.wakeup();
        try {
            while (loop.isAlive()) {
                try {
                    done.get(100, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException e) {
                    // the loop is busy or has just stopped: look again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the server's loop could not apply the change", e);
        }
    }

    /** Stops serving, closes every connection and frees the port. Idempotent. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (Thread.currentThread() != loop) {
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (running) {
                selector.select(wakeups.selectTimeoutMillis(System.nanoTime()));
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                wakeups.runDue(System.nanoTime(), this::flushHeld);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        Connection c = (Connection) key.attachment();
                        try {
                            if (key.isReadable()) {
                                read(key, c);
                            }
                            if (key.isValid() && key.isWritable()) {
                                flush(key, c);
                            }
                        } catch (IOException | RuntimeException e) {
                            // a broken connection, or a defect: either way only this connection ends
                            drop(key, c);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            // shutting down
        } finally {
            shutdown();
            stopped.countDown();
        }
    }

    private void shutdown() {
        try {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Connection c) {
                    drop(key, c);
                }
            }
            listener.close();
            selector.close();
        } catch (IOException e) {
            // nothing more to free
        }
    }

    private void flushHeld(SelectionKey key) {
        if (key.isValid() && key.attachment() instanceof Connection c) {
            try {
                flush(key, c);
            } catch (IOException | RuntimeException e) {
                drop(key, c);
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while (accepting && (channel = listener.accept()) != null) {
            if (!hooks.admit(nextConnectionId++)) {
                channel.close();
                continue;
            }
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (connections >= engine.settings().maxConnections()) {
                channel.write(ByteBuffer.wrap(TOO_MANY));
                channel.close();
                continue;
            }
            connections++;
            engine.connectionOpened();
            Connection c = new Connection(channel, nextConnectionId - 1, engine.settings().itemSizeMax());
            channel.register(selector, SelectionKey.OP_READ, c);
        }
    }

    private void read(SelectionKey key, Connection c) throws IOException {
        int n = c.channel.read(c.read);
        if (n < 0) {
            drop(key, c);
            return;
        }
        c.read.flip();
        c.out.markFlushed();
        ServerRequest request;
        int handled = 0;
        int start = c.read.position();
        while (!c.closeAfterWrite && (request = c.parser.next(c.read)) != null) {
            c.capture.consumed(c.read, start, c.read.position());
            start = c.read.position();
            Directive directive = hooks.onRequest(c.id, c.requests++, request, c.capture.take());
            ServerRequest r = request;
            boolean open = directive == Directive.PROCEED ? engine.handle(request, c.out)
                    : c.held.apply(directive, () -> engine.handle(r, c.out), c.out, System.nanoTime());
            if (!open) {
                c.closeAfterWrite = true;
            }
            if (++handled % REQUESTS_PER_EVENT == 0) {
                c.out.markFlushed();
            }
        }
        c.capture.consumed(c.read, start, c.read.position());
        c.read.clear();
        engine.traffic(n, 0);
        flush(key, c);
    }

    private void flush(SelectionKey key, Connection c) throws IOException {
        while (c.hasPendingOutput()) {
            if (!c.write.hasRemaining()) {
                if (c.held.closing()) {
                    drop(key, c);
                    return;
                }
                c.write.clear();
                if (c.held.isEmpty()) {
                    c.out.drainTo(c.write);
                } else {
                    c.held.drainTo(c.write, System.nanoTime());
                }
                c.write.flip();
                if (!c.write.hasRemaining()) {
                    break; // the next reply is held back
                }
            }
            int written = writeWithinLimit(c);
            if (written < 0) {
                drop(key, c);
                return;
            }
            engine.traffic(0, written);
            if (c.write.hasRemaining()) {
                key.interestOps(SelectionKey.OP_WRITE);
                return;
            }
        }
        long release = c.held.nextRelease(System.nanoTime());
        if (release != Long.MAX_VALUE && release != c.wakeupAt) {
            c.wakeupAt = release;
            wakeups.schedule(release, key);
        }
        if (c.held.closing() || (c.closeAfterWrite && !c.hasPendingOutput())) {
            drop(key, c);
        } else {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    /** Writes what the hooks' reply byte limit allows; -1 when the limit is reached and the connection must close. */
    private int writeWithinLimit(Connection c) throws IOException {
        long allowed = hooks.replyByteLimit() - c.bytesWritten;
        if (allowed <= 0) {
            return -1;
        }
        int limit = c.write.limit();
        if (c.write.remaining() > allowed) {
            c.write.limit(c.write.position() + (int) allowed);
        }
        int written = c.channel.write(c.write);
        c.write.limit(limit);
        c.bytesWritten += written;
        if (c.bytesWritten >= hooks.replyByteLimit()) {
            engine.traffic(0, written);
            return -1;
        }
        return written;
    }

    private void drop(SelectionKey key, Connection c) {
        if (!c.channel.isOpen()) {
            return;
        }
        key.cancel();
        try {
            c.channel.close();
        } catch (IOException e) {
            // already gone
        }
        connections--;
        engine.connectionClosed();
    }
}
