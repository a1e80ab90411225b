package io.memcached4j.enumeration;

import io.memcached4j.ServerAddress;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Writes many small items fast over a raw socket: pipelined {@code set ... noreply}, then one
 * {@code version} whose answer proves every set before it was processed (memcached handles a
 * connection's commands in order). Keys are {@code prefix + index}.
 */
final class BulkLoader {
    private BulkLoader() {
    }

    /** @return the local port of the loader's connection, closed on return (memcached may not have noticed yet) */
    static int write(ServerAddress server, String prefix, int count) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.host(), server.port()), 5000);
            socket.setSoTimeout(60_000);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            byte[] tail = " 0 0 1 noreply\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] set = "set ".getBytes(StandardCharsets.US_ASCII);
            byte[] keyPrefix = prefix.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < count; i++) {
                out.write(set);
                out.write(keyPrefix);
                out.write(Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
                out.write(tail);
            }
            out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("memcached closed the connection before answering version");
                }
                reply.append((char) b);
            }
            if (!reply.toString().startsWith("VERSION")) {
                throw new IOException("unexpected reply after the sets: " + reply);
            }
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("bulk write to " + server + " failed", e);
        }
    }

    /** Reads the index back from a key written by {@link #write}, or -1 when it is not one of them. */
    static int indexOf(String key, String prefix) {
        if (!key.startsWith(prefix) || key.length() == prefix.length() || key.length() > prefix.length() + 9) {
            return -1;
        }
        int n = 0;
        for (int i = prefix.length(); i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
