package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.codec.ProtocolCodecProvider;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A socket a test drives in place of memcached, byte for byte: a client with one connection on one
 * I/O thread and a 5 s timeout connects to it; the test reads the requests off {@link #in} and
 * writes the replies with {@link #reply}. Lanes connect to the same listener ({@link #accept}).
 */
final class DrivenServer implements AutoCloseable {
    private static final int SO_TIMEOUT_MILLIS = 5_000;

    final NioClient client;
    /** The event loop's connection, server side. */
    final Socket loop;
    final BufferedReader in;
    private final ServerSocket listener;
    private final OutputStream out;

    private DrivenServer(ServerSocket listener, NioClient client, Socket loop) throws IOException {
        this.listener = listener;
        this.client = client;
        this.loop = loop;
        this.in = reader(loop);
        this.out = loop.getOutputStream();
    }

    static DrivenServer start() throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(SO_TIMEOUT_MILLIS);
        ClientConfig config = ClientConfig.builder()
                .servers(List.of(new ServerAddress("127.0.0.1", listener.getLocalPort())))
                .operationTimeout(Duration.ofSeconds(5)).connectionsPerServer(1).ioThreads(1).build();
        NioClient client = new NioClient(config, ProtocolCodecProvider.find(null).create(config.itemSizeLimit()));
        Socket loop = listener.accept();
        loop.setSoTimeout(SO_TIMEOUT_MILLIS);
        return new DrivenServer(listener, client, loop);
    }

    /** @return the next connection the client opens (a lane's), with the same read timeout */
    Socket accept() throws IOException {
        Socket socket = listener.accept();
        socket.setSoTimeout(SO_TIMEOUT_MILLIS);
        return socket;
    }

    /** Writes a reply on the event loop's connection. */
    void reply(String text) throws IOException {
        reply(out, text);
    }

    static void reply(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    @Override
    public void close() throws IOException {
        client.close();
        loop.close();
        listener.close();
    }
}
