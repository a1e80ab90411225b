package io.memcached4j.process;

import io.memcached4j.ServerAddress;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A raw text-protocol conversation with a memcached server, real or fake, over one blocking socket,
 * for tests and benchmarks: bytes go out exactly as given (nothing is validated), replies come back
 * as lines or bytes, and every read has a timeout (10 s unless changed), so a missing reply fails
 * instead of hanging. I/O failures are {@link UncheckedIOException}s. Not thread-safe.
 *
 * <pre>{@code
 * try (RawTextSession session = RawTextSession.open(memcached.address())) {
 *     assertEquals("VERSION 1.6.18", session.command("version"));
 * }
 * }</pre>
 */
public final class RawTextSession implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawTextSession(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to a server.
     *
     * @param server the server
     * @return the open session
     * @throws UncheckedIOException when the connection fails
     */
    public static RawTextSession open(ServerAddress server) {
        return open(new InetSocketAddress(server.host(), server.port()));
    }

    /**
     * Connects to a server.
     *
     * @param address the server's socket address
     * @return the open session
     * @throws UncheckedIOException when the connection fails
     */
    public static RawTextSession open(InetSocketAddress address) {
        return open(address, null);
    }

    /**
     * Connects to a server over TLS, the handshake done before this returns.
     *
     * @param server the server
     * @param tls the client's TLS context, trusting the server's certificate
     * @return the open session
     * @throws UncheckedIOException when the connection or the handshake fails
     */
    public static RawTextSession openTls(ServerAddress server, SSLContext tls) {
        return open(new InetSocketAddress(server.host(), server.port()), Objects.requireNonNull(tls, "tls"));
    }

    private static RawTextSession open(InetSocketAddress address, SSLContext tls) {
        Socket socket = new Socket();
        try {
            socket.connect(address, (int) CONNECT_TIMEOUT.toMillis());
            if (tls != null) {
                socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory()
                        .createSocket(socket, address.getHostString(), address.getPort(), true);
                ssl.startHandshake();
                socket = ssl;
            }
            return new RawTextSession(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("connecting to " + address + " failed", e);
        }
    }

    /**
     * One exchange on a connection of its own: sends text as it is, reads reply lines up to one
     * equal to {@code lastLine} (only the first line when it is null), and closes the connection.
     *
     * @param server the server
     * @param text the request, with its {@code \r\n}s
     * @param lastLine the line that ends the reply, or null for a one-line reply
     * @return the reply's lines, without line terminators
     */
    public static List<String> exchange(ServerAddress server, String text, String lastLine) {
        try (RawTextSession session = open(server)) {
            session.send(text);
            return lastLine == null ? List.of(session.readLine()) : session.readLinesUntil(lastLine);
        }
    }

    /**
     * Tells whether something accepts connections at an address: a connection is opened and closed.
     *
     * @param server the address
     * @return false when the connection is refused
     */
    public static boolean isListening(ServerAddress server) {
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress(server.host(), server.port()), (int) CONNECT_TIMEOUT.toMillis());
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends text as UTF-8, as it is: the caller writes the {@code \r\n}s.
     *
     * @param text the bytes to send, as text
     * @return this session
     */
    public RawTextSession send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends bytes as they are.
     *
     * @param bytes the bytes
     * @return this session
     */
    public RawTextSession send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends one command line, adding {@code \r\n}, and reads the first line of the reply.
     *
     * @param line the command line
     * @return the reply's first line, without its line terminator
     */
    public String command(String line) {
        return send(line + "\r\n").readLine();
    }

    /**
     * Sends one command line, adding {@code \r\n}, and reads its reply up to a last line.
     *
     * @param line the command line
     * @param lastLine the line that ends the reply, such as {@code END}
     * @return the reply's lines, the last one included, without line terminators
     */
    public List<String> command(String line, String lastLine) {
        return send(line + "\r\n").readLinesUntil(lastLine);
    }

    /**
     * Reads one line as UTF-8.
     *
     * @return the line without its {@code \n} or {@code \r\n}
     * @throws UncheckedIOException when the connection ends first, or on a timeout
     */
    public String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = read()) != '\n') {
            if (b < 0) {
                throw new UncheckedIOException(new IOException("connection closed after \""
                        + line.toString(StandardCharsets.UTF_8) + "\""));
            }
            line.write(b);
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Reads lines up to and including one equal to {@code lastLine}.
     *
     * @param lastLine the line that ends the reply
     * @return the lines, without line terminators
     */
    public List<String> readLinesUntil(String lastLine) {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = readLine();
            lines.add(line);
        } while (!line.equals(lastLine));
        return lines;
    }

    /**
     * Reads everything up to and including a byte sequence, such as {@code "MN\r\n"}; or up to the
     * end of the stream, marked by {@code <EOF>} at the end of the text.
     *
     * @param end the end, ISO-8859-1; null to read until the server closes the connection
     * @return the bytes read as ISO-8859-1, {@code end} included
     */
    public String readUntil(String end) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] chunk = new byte[65536];
        while (true) {
            int n = read(chunk);
            if (n < 0) {
                return received.toString(StandardCharsets.ISO_8859_1) + "<EOF>";
            }
            received.write(chunk, 0, n);
            String text = received.toString(StandardCharsets.ISO_8859_1);
            if (end != null && text.endsWith(end)) {
                return text;
            }
        }
    }

    /**
     * Reads exactly {@code n} bytes, fewer only when the stream ends first.
     *
     * @param n the number of bytes
     * @return the bytes
     */
    public byte[] readBytes(int n) {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one byte.
     *
     * @return the byte, or -1 at the end of the stream
     */
    public int read() {
        try {
            return in.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads what has arrived into a buffer, waiting for at least one byte.
     *
     * @param buffer the buffer
     * @return the number of bytes read, or -1 at the end of the stream
     * @throws UncheckedIOException on a timeout (its cause a {@link SocketTimeoutException}) or a reset
     */
    public int read(byte[] buffer) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads until the server closes the connection.
     *
     * @return every byte read
     */
    public byte[] readToEnd() {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Tells whether nothing arrives for a while; the connection stays open.
     *
     * @param wait how long to listen
     * @return true when nothing arrived
     * @throws AssertionError when a byte arrives
     */
    public boolean silentFor(Duration wait) {
        try {
            int old = socket.getSoTimeout();
            socket.setSoTimeout((int) wait.toMillis());
            try {
                int b = in.read();
                if (b >= 0) {
                    throw new AssertionError("unexpected byte " + b);
                }
                return false;
            } catch (SocketTimeoutException e) {
                return true;
            } finally {
                socket.setSoTimeout(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Changes how long each read waits.
     *
     * @param timeout the timeout, positive
     * @return this session
     */
    public RawTextSession readTimeout(Duration timeout) {
        try {
            socket.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stores {@code count} items of one byte fast: pipelined {@code set <keyPrefix><i> 0 0 1 noreply}
     * for i from 0, then one {@code version}, whose answer proves every set before it was processed
     * (a server handles a connection's commands in order).
     *
     * @param keyPrefix the prefix of the keys
     * @param count the number of items
     * @return this session
     */
    public RawTextSession setQuietly(String keyPrefix, int count) {
        try {
            OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            byte[] set = "set ".getBytes(StandardCharsets.US_ASCII);
            byte[] prefix = keyPrefix.getBytes(StandardCharsets.UTF_8);
            byte[] tail = " 0 0 1 noreply\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < count; i++) {
                buffered.write(set);
                buffered.write(prefix);
                buffered.write(Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
                buffered.write(tail);
            }
            buffered.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
            buffered.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String reply = readLine();
        if (!reply.startsWith("VERSION")) {
            throw new UncheckedIOException(new IOException("unexpected reply after the sets: " + reply));
        }
        return this;
    }

    /**
     * Returns the local port of the connection, which names it in the server's connection list.
     *
     * @return the port
     */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** Closes the connection. */
    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing left to do
        }
    }
}
