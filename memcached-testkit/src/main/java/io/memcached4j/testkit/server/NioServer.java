package io.memcached4j.testkit.server;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The fake's TCP front end: one NIO selector thread, like memcached's event loop, serves every
 * connection; each connection's bytes go through a {@link Session} (parser, faults, engine,
 * replies); this class only schedules what a delay fault holds back and refuses connections.
 * Replies of all requests found in one read are written together, as memcached does.
 */
public final class NioServer implements AutoCloseable {
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final byte[] TOO_MANY = "ERROR Too many open connections\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Engine engine;
    private final Interceptor interceptor;
    private final List<Connection> paused = new ArrayList<>();
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final Thread loop;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private int connections;

    /** Per-connection state, touched only by the loop thread. */
    private static final class Connection {
        final SocketChannel channel;
        SelectionKey key;
        long resumeAt;
        final Session session;
        final ByteBuffer read = ByteBuffer.allocate(BUFFER_SIZE);
        final ByteBuffer write = ByteBuffer.allocate(BUFFER_SIZE);

        Connection(SocketChannel channel, Session session) {
            this.channel = channel;
            this.session = session;
            write.flip();
        }

        boolean hasPendingOutput() {
            return write.hasRemaining() || session.hasOutput();
        }
    }

    /**
     * Binds and starts serving.
     *
     * @param engine the cache
     * @param bind the address to listen on (port 0 for an ephemeral port)
     * @param interceptor sees requests and connections first, for faults and the request log
     * @throws UncheckedIOException when the address cannot be bound
     */
    public NioServer(Engine engine, InetSocketAddress bind, Interceptor interceptor) {
        this.engine = engine;
        this.interceptor = interceptor;
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
                selector.select(resumeDelayMillis());
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
                resumeDue();
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

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = listener.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (connections >= engine.settings().maxConnections()) {
                channel.write(ByteBuffer.wrap(TOO_MANY));
                channel.close();
                continue;
            }
            if (interceptor.refuseConnections()) {
                channel.close();
                continue;
            }
            connections++;
            Connection c = new Connection(channel, new Session(engine, interceptor));
            c.key = channel.register(selector, SelectionKey.OP_READ, c);
        }
    }

    private void read(SelectionKey key, Connection c) throws IOException {
        int n = c.channel.read(c.read);
        if (n < 0) {
            drop(key, c);
            return;
        }
        if (!c.session.received(n)) {
            drop(key, c);
            return;
        }
        c.read.flip();
        c.session.beginBatch();
        process(key, c);
    }

    /** Runs the requests buffered on a connection until they run out or a fault pauses it. */
    private void process(SelectionKey key, Connection c) throws IOException {
        long delay = c.session.process(c.read);
        if (delay > 0) {
            c.resumeAt = System.nanoTime() + delay;
            paused.add(c);
            flush(key, c);
            if (key.isValid()) {
                key.interestOps(0);
            }
            return;
        }
        c.read.clear();
        flush(key, c);
    }

    private long resumeDelayMillis() {
        long next = Long.MAX_VALUE;
        for (Connection c : paused) {
            next = Math.min(next, c.resumeAt);
        }
        if (next == Long.MAX_VALUE) {
            return 0; // select() without a timeout
        }
        return Math.max(1, (next - System.nanoTime() + 999_999) / 1_000_000);
    }

    private void resumeDue() {
        long now = System.nanoTime();
        for (Connection c : new ArrayList<>(paused)) {
            if (c.resumeAt - now <= 0) {
                paused.remove(c);
                if (!c.channel.isOpen() || !c.key.isValid()) {
                    continue;
                }
                try {
                    c.session.beginBatch();
                    process(c.key, c);
                } catch (IOException | RuntimeException e) {
                    drop(c.key, c);
                }
            }
        }
    }

    private void flush(SelectionKey key, Connection c) throws IOException {
        while (c.hasPendingOutput()) {
            if (!c.write.hasRemaining()) {
                c.write.clear();
                c.session.drainTo(c.write);
                c.write.flip();
            }
            c.channel.write(c.write);
            if (c.write.hasRemaining()) {
                key.interestOps(SelectionKey.OP_WRITE);
                return;
            }
        }
        if (c.session.isClosing()) {
            drop(key, c);
        } else if (!c.session.isDelayed()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void drop(SelectionKey key, Connection c) {
        if (!c.channel.isOpen()) {
            return;
        }
        key.cancel();
        paused.remove(c);
        try {
            c.channel.close();
        } catch (IOException e) {
            // already gone
        }
        connections--;
        c.session.close();
    }
}
