package io.memcached4j.testkit;

import io.memcached4j.ServerAddress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain-socket client for tests: writes text, reads lines and bytes with a read timeout. */
final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        socket.setSoTimeout(10_000);
    }

    static RawConnection open(ServerAddress address) {
        try {
            return new RawConnection(new Socket(address.host(), address.port()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    RawConnection send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** @return the next line without CRLF; fails when the connection ends first */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed after \"" + line.toString(StandardCharsets.UTF_8) + "\"");
            }
            line.write(b);
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** @return exactly {@code n} bytes */
    byte[] readBytes(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** @return the next byte, -1 at the end of the stream */
    int read() throws IOException {
        return in.read();
    }

    /** @return everything until the server closes the connection */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    /** @return true when nothing arrives within {@code wait} (the connection stays open) */
    boolean silentFor(Duration wait) throws IOException {
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
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
