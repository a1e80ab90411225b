package io.memcached4j.transport.nio;

import io.memcached4j.Keys;
import io.memcached4j.LineConnection;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A blocking socket of its own for {@link io.memcached4j.MemcachedClient#openLineConnection}: it
 * reads only when its caller asks for a line, so a long reply is held back by TCP flow control
 * rather than buffered, and it never delays the event loop's connections.
 */
final class SocketLineConnection implements LineConnection {
    private static final int INITIAL_BUFFER = 8192;

    private final ServerAddress server;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int maxLineBytes;
    private byte[] buffer = new byte[INITIAL_BUFFER];
    private int start;
    private int end;
    private int scanned;
    private boolean closed;

    private SocketLineConnection(ServerAddress server, Socket socket, int maxLineBytes) throws IOException {
        this.server = server;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Connects.
     *
     * @param server the server
     * @param connectTimeout the connect timeout
     * @param maxLineBytes the longest line {@link #readLine} accepts
     * @return the open connection
     * @throws MemcachedConnectionException when the server cannot be reached in time
     */
    static SocketLineConnection open(ServerAddress server, Duration connectTimeout, int maxLineBytes) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(server.host(), server.port()),
                    (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
            return new SocketLineConnection(server, socket, maxLineBytes);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new MemcachedConnectionException("cannot connect to memcached " + server + ": " + e.getMessage(), e);
        }
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
        try {
            out.write(bytes);
            out.flush();
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
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw timeout(timeout);
            }
            int n;
            try {
                socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining / 1_000_000)));
                n = in.read(buffer, end, buffer.length - end);
            } catch (SocketTimeoutException e) {
                throw timeout(timeout);
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

    private MemcachedTimeoutException timeout(Duration timeout) {
        return new MemcachedTimeoutException("no full line from memcached " + server + " within " + timeout.toMillis() + " ms");
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
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing quietly is all a caller can want here
            }
        }
    }

    @Override
    public String toString() {
        return "LineConnection[" + server + "]";
    }
}
