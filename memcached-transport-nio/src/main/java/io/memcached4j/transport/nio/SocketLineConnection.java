package io.memcached4j.transport.nio;

import io.memcached4j.Keys;
import io.memcached4j.LineConnection;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A socket of its own for {@link io.memcached4j.MemcachedClient#openLineConnection}, blocking its
 * caller: it reads only when its caller asks for a line, so a long reply is held back by TCP flow
 * control rather than buffered, and it never delays the event loop's connections. It speaks
 * through the same {@link Wire} and {@link Opening} as the loop's connections (TLS, login), waiting
 * on a selector of its own.
 */
final class SocketLineConnection implements LineConnection {
    private static final int INITIAL_BUFFER = 8192;

    private final ServerAddress server;
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final Wire wire;
    private final int maxLineBytes;
    private byte[] buffer = new byte[INITIAL_BUFFER];
    private int start;
    private int end;
    private int scanned;
    private boolean closed;

    private SocketLineConnection(ServerAddress server, Selector selector, SelectionKey key, Wire wire, int maxLineBytes) {
        this.server = server;
        this.channel = wire.channel();
        this.selector = selector;
        this.key = key;
        this.wire = wire;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Connects, with TLS and the login when the client has them.
     *
     * @param server the server
     * @param wires the client's TLS settings and credentials
     * @param connectTimeout the connect timeout, which also bounds the TLS handshake and the login
     * @param maxLineBytes the longest line {@link #readLine} accepts
     * @return the open connection
     * @throws MemcachedConnectionException when the server cannot be reached in time, or TLS fails
     * @throws io.memcached4j.MemcachedAuthenticationException when the server refuses the login
     */
    static SocketLineConnection open(ServerAddress server, Wires wires, Duration connectTimeout, int maxLineBytes) {
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        SocketChannel channel = null;
        Selector selector = null;
        try {
            channel = SocketChannel.open();
            selector = Selector.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SelectionKey key = channel.register(selector, 0);
            if (!channel.connect(new InetSocketAddress(server.host(), server.port()))) {
                while (!channel.finishConnect()) {
                    await(selector, key, SelectionKey.OP_CONNECT, deadline, "connect");
                }
            }
            Opening opening = wires.open(channel, server);
            for (int ops; (ops = opening.advance()) != 0; ) {
                await(selector, key, ops, deadline, "during " + opening.stage());
            }
            return new SocketLineConnection(server, selector, key, opening.wire(), maxLineBytes);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, selector, e);
            if (e instanceof MemcachedException m) {
                throw m;
            }
            String reason = e instanceof SocketTimeoutException ? e.getMessage() + " within " + connectTimeout.toMillis() + " ms"
                    : e.getMessage();
            throw new MemcachedConnectionException("cannot connect to memcached " + server + ": " + reason, e);
        }
    }

    /** Waits until the channel is ready for {@code ops}, or the deadline ({@link Long#MAX_VALUE}: none) passes. */
    private static void await(Selector selector, SelectionKey key, int ops, long deadline, String what) throws IOException {
        key.interestOps(ops);
        long millis = 0;
        if (deadline != Long.MAX_VALUE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("no reply " + what);
            }
            millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
        }
        selector.select(millis);
        selector.selectedKeys().clear();
    }

    @Override
    public ServerAddress server() {
        return server;
    }

    @Override
    public void sendLine(String commandLine) {
        Keys.requireValidCommandLine(commandLine);
        requireOpen();
        byte[] line = commandLine.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(line, line.length + 2);
        bytes[line.length] = '\r';
        bytes[line.length + 1] = '\n';
        ByteBuffer src = ByteBuffer.wrap(bytes);
        try {
            wire.write(src);
            while (src.hasRemaining()) {
                await(selector, key, SelectionKey.OP_WRITE, Long.MAX_VALUE, "");
                wire.write(src);
            }
        } catch (IOException e) {
            throw new MemcachedConnectionException("lost the line connection to memcached " + server + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String readLine(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        requireOpen();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            for (int i = start + scanned; i < end; i++) {
                if (buffer[i] == '\n') {
                    int lineEnd = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buffer, start, lineEnd - start, StandardCharsets.ISO_8859_1);
                    start = i + 1;
                    scanned = 0;
                    return line;
                }
            }
            scanned = end - start;
            if (scanned > maxLineBytes) {
                throw new ProtocolException("a line from memcached " + server + " exceeds " + maxLineBytes + " bytes");
            }
            makeRoom();
            int n;
            try {
                n = wire.read(ByteBuffer.wrap(buffer, end, buffer.length - end));
                if (n == 0) {
                    await(selector, key, SelectionKey.OP_READ, deadline, "");
                    continue;
                }
            } catch (SocketTimeoutException e) {
                throw new MemcachedTimeoutException("no full line from memcached " + server + " within " + timeout.toMillis() + " ms");
            } catch (IOException e) {
                throw new MemcachedConnectionException("lost the line connection to memcached " + server + ": "
                        + e.getMessage(), e);
            }
            if (n < 0) {
                throw new MemcachedConnectionException("memcached " + server + " closed the line connection");
            }
            end += n;
        }
    }

    private void makeRoom() {
        if (end < buffer.length) {
            return;
        }
        int length = end - start;
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, length);
        } else {
            buffer = Arrays.copyOf(buffer, Math.min(Math.max(buffer.length * 2, INITIAL_BUFFER), maxLineBytes + 2));
        }
        start = 0;
        end = length;
    }

    private void requireOpen() {
        if (closed) {
            throw new MemcachedConnectionException("the line connection to memcached " + server + " is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(channel, selector, null);
        }
    }

    private static void closeQuietly(SocketChannel channel, Selector selector, Exception failure) {
        for (AutoCloseable c : new AutoCloseable[] {selector, channel}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "LineConnection[" + server + "]";
    }
}
