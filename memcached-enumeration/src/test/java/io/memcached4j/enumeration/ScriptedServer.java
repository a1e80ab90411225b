package io.memcached4j.enumeration;

import io.memcached4j.ServerAddress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A few lines of TCP server that answers each command line with scripted lines ({@code ERROR} for
 * anything else), on loopback: enough to stand for a memcached that reports another version. Used
 * only for what a real memcached 1.6.18 cannot pretend to be.
 */
final class ScriptedServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Map<String, List<String>> replies = new ConcurrentHashMap<>();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    ScriptedServer() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::accept, "scripted-server-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Answers {@code version}, {@code stats settings}, {@code mn} like a server of that version. */
    static ScriptedServer claiming(String version, boolean crawler, boolean meta) {
        ScriptedServer server = new ScriptedServer();
        server.on("version", "VERSION " + version);
        server.on("stats settings", "STAT maxbytes 67108864", "STAT item_size_max 1048576",
                "STAT lru_crawler " + (crawler ? "yes" : "no"), "END");
        if (meta) {
            server.on("mn", "MN");
        }
        return server;
    }

    ScriptedServer on(String command, String... lines) {
        replies.put(command, List.of(lines));
        return this;
    }

    ServerAddress address() {
        return new ServerAddress("127.0.0.1", socket.getLocalPort());
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                clients.add(client);
                Thread t = new Thread(() -> serve(client), "scripted-client-" + client.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            OutputStream out = client.getOutputStream();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                StringBuilder reply = new StringBuilder();
                for (String r : replies.getOrDefault(line.strip(), List.of("ERROR"))) {
                    reply.append(r).append("\r\n");
                }
                out.write(reply.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException gone) {
            // the client left
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
