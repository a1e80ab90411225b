package io.memcached4j.benchmarks;

import io.memcached4j.ServerAddress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * How many reads a blocking client needs for one reply, by the shape of the request: writes each
 * request whole, in one write, then reads until its reply is complete, and counts the reads. A
 * reply the server sends in one write usually takes one read; a reply sent in several writes takes
 * more, each a system call and often a wait. This is what decided that a lane's multi-get stays one
 * classic line with no command after it (README, "An {@code mn} after a multi-get").
 *
 * <p>Flags: {@code --server host:port} (a running memcached; else one is started and stopped),
 * {@code --keys 100}, {@code --requests 2000}.
 */
public final class ReplyReadsProbe {
    private static final int VALUE_SIZE = 100;

    private ReplyReadsProbe() {
    }

    /** One request shape: its bytes, and how to tell that its whole reply was read. */
    record Shape(String name, byte[] request, Predicate<String> whole) {
    }

    /**
     * Prints the reads per request of each shape.
     *
     * @param args the flags above
     * @throws Exception when memcached cannot be started or reached
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args, "server", "keys", "requests");
        int keyCount = options.integer("keys", 100);
        int requests = options.integer("requests", 2000);
        String external = options.string("server", null);
        try (Servers servers = new Servers(2, 64, external == null ? null : ServerAddress.parse(external))) {
            ServerAddress server = servers.addresses(Servers.Setup.DEFAULT).get(0);
            try (Socket socket = new Socket(server.host(), server.port())) {
                socket.setTcpNoDelay(true);
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < keyCount; i++) {
                    keys.add("probe:" + i);
                }
                store(socket, keys);
                System.out.printf(Locale.ROOT, "memcached %s, %d keys of %d bytes, %d requests per shape%n", server,
                        keyCount, VALUE_SIZE, requests);
                for (Shape shape : shapes(keys)) {
                    System.out.printf(Locale.ROOT, "%-40s %.2f reads per request%n", shape.name(),
                            readsPerRequest(socket, shape, requests));
                }
            }
        }
    }

    /** The shapes compared: one multi-get line, with a second command after or before it, and meta pipelines. */
    static List<Shape> shapes(List<String> keys) {
        String get = "get " + String.join(" ", keys) + "\r\n";
        StringBuilder quietMeta = new StringBuilder();
        StringBuilder meta = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            quietMeta.append("mg ").append(keys.get(i)).append(" v q O").append(i).append("\r\n");
            meta.append("mg ").append(keys.get(i)).append(" v O").append(i).append("\r\n");
        }
        int n = keys.size();
        return List.of(
                new Shape("get of " + n + " keys", bytes(get), r -> r.endsWith("END\r\n")),
                new Shape("get of " + n + " keys, then mn", bytes(get + "mn\r\n"), r -> r.endsWith("END\r\nMN\r\n")),
                new Shape("mn, then get of " + n + " keys", bytes("mn\r\n" + get), r -> r.endsWith("END\r\n")),
                new Shape("get of " + n + " keys, then version", bytes(get + "version\r\n"),
                        r -> r.contains("END\r\nVERSION ") && r.endsWith("\r\n")),
                new Shape(n + " quiet mg, then mn", bytes(quietMeta + "mn\r\n"), r -> r.endsWith("MN\r\n")),
                new Shape(n + " mg", bytes(meta.toString()), r -> count(r, "VA ") == n && r.endsWith("\r\n")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    private static void store(Socket socket, List<String> keys) throws IOException {
        OutputStream out = socket.getOutputStream();
        String value = "x".repeat(VALUE_SIZE);
        StringBuilder sets = new StringBuilder();
        for (String key : keys) {
            sets.append("set ").append(key).append(" 0 0 ").append(VALUE_SIZE).append("\r\n").append(value).append("\r\n");
        }
        out.write(bytes(sets.toString()));
        out.flush();
        String stored = readUntil(socket.getInputStream(), r -> count(r, "STORED\r\n") == keys.size(), new int[1]);
        if (stored.contains("ERROR")) {
            throw new IOException("memcached refused a set: " + stored);
        }
    }

    private static double readsPerRequest(Socket socket, Shape shape, int requests) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        int[] reads = new int[1];
        for (int i = 0; i < requests; i++) {
            out.write(shape.request());
            out.flush();
            readUntil(in, shape.whole(), reads);
        }
        return reads[0] / (double) requests;
    }

    /** Reads until the text read is whole, counting the reads in {@code reads[0]}. */
    private static String readUntil(InputStream in, Predicate<String> whole, int[] reads) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        StringBuilder text = new StringBuilder();
        do {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("memcached closed the connection after: " + text);
            }
            reads[0]++;
            text.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
        } while (!whole.test(text.toString()));
        return text.toString();
    }
}
