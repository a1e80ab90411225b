package io.memcached4j.testkit.internal.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
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
import javax.net.ssl.SSLEngine;

/**
 * The fake's TCP front end: one NIO selector thread, like memcached's event loop, serves every
 * connection. Each connection's bytes go through a {@link Session} (parser, request log and
 * faults, engine, replies); this class only moves bytes between sockets and sessions, accepts or
 * refuses connections ({@link ServerHooks#admit()}, the connection limit) and wakes up when a
 * held-back reply is due.
 */
public final class NioServer implements AutoCloseable {
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final byte[] TOO_MANY = "ERROR Too many open connections\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Engine engine;
    private final ServerHooks hooks;
    private final ConnectionSecurity security;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Wakeups<SelectionKey> wakeups = new Wakeups<>();
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final Thread loop;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private int connections;
    private boolean accepting = true;

    /** Per-connection state, touched only by the loop thread. */
    private static final class Connection {
        final SocketChannel channel;
        /** The channel itself, or TLS over it. */
        final ByteChannel io;
        /** The login the connection must pass before its bytes reach the session; null when none is required. */
        final AsciiAuthGate gate;
        final Session session;
        final ByteBuffer read = ByteBuffer.allocate(BUFFER_SIZE);
        final ByteBuffer write = ByteBuffer.allocate(BUFFER_SIZE);
        long wakeupAt = Long.MAX_VALUE;

        Connection(SocketChannel channel, Session session, ConnectionSecurity security) {
            this.channel = channel;
            SSLEngine engine = security.newEngine();
            this.io = engine == null ? channel : new ServerTlsChannel(channel, engine);
            this.gate = security.users() == null ? null : new AsciiAuthGate(security.users());
            this.session = session;
            write.flip();
        }

        boolean tlsPending() {
            return io instanceof ServerTlsChannel tls && tls.hasPendingOutput();
        }

        boolean tlsBuffered() {
            return io instanceof ServerTlsChannel tls && tls.hasBufferedInput();
        }

        boolean gated() {
            return gate != null && !gate.authenticated();
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
        this(engine, bind, hooks, ConnectionSecurity.NONE);
    }

    /**
     * Binds and starts serving, requiring TLS or a login of every connection as {@code security} says.
     *
     * @param engine the cache
     * @param bind the address to listen on (port 0 for an ephemeral port)
     * @param hooks the request log and faults
     * @param security what each connection must pass before its requests are served
     * @throws UncheckedIOException when the address cannot be bound
     */
    public NioServer(Engine engine, InetSocketAddress bind, ServerHooks hooks, ConnectionSecurity security) {
        this.engine = engine;
        this.hooks = hooks;
        this.security = security;
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
            if (!hooks.admit()) {
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
            Connection c = new Connection(channel, new Session(engine, hooks), security);
            channel.register(selector, SelectionKey.OP_READ, c);
        }
    }

    private void read(SelectionKey key, Connection c) throws IOException {
        int n;
        do {
            n = c.io.read(c.read);
            if (n < 0) {
                drop(key, c);
                return;
            }
            c.read.flip();
            if (c.gated()) {
                c.gate.receive(c.read);
            }
            if (c.read.hasRemaining()) {
                c.session.receive(c.read, System.nanoTime());
            }
            c.read.clear();
        } while (n > 0 && c.tlsBuffered()); // decrypted bytes no selector event announces
        flush(key, c);
    }

    private void flush(SelectionKey key, Connection c) throws IOException {
        while (c.write.hasRemaining() || c.session.hasOutput() || (c.gate != null && c.gate.hasOutput()) || c.tlsPending()) {
            if (!c.write.hasRemaining()) {
                c.write.clear();
                if (c.gate != null) {
                    c.gate.drainTo(c.write);
                }
                c.session.drainTo(c.write, System.nanoTime());
                c.write.flip();
                if (!c.write.hasRemaining() && !c.tlsPending()) {
                    break; // the next reply is held back, or the session closes
                }
            }
            c.io.write(c.write);
            if (c.write.hasRemaining() || c.tlsPending()) {
                key.interestOps(SelectionKey.OP_WRITE);
                return;
            }
        }
        if (c.session.isClosing() || (c.gate != null && c.gate.closing())) {
            drop(key, c);
            return;
        }
        long release = c.session.nextRelease(System.nanoTime());
        if (release != Long.MAX_VALUE && release != c.wakeupAt) {
            c.wakeupAt = release;
            wakeups.schedule(release, key);
        }
        key.interestOps(SelectionKey.OP_READ);
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
        c.session.close();
    }
}
