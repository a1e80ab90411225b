package io.memcached4j.protocol.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real memcached on a free loopback port for this module's integration tests.
 *
 * <p>The testkit's {@code MemcachedProcess} cannot be used here: memcached-testkit depends on this
 * module, so a test dependency back on it would be a cycle in the Maven reactor.
 */
final class RealMemcached implements AutoCloseable {
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Process process;
    private final int port;

    private RealMemcached(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static RealMemcached start(String... extraArguments) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("memcached", "-p", Integer.toString(port), "-l", "127.0.0.1",
                "-U", "0", "-m", "64", "-t", "2"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "root"));
        }
        command.addAll(List.of(extraArguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        RealMemcached server = new RealMemcached(process, port);
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (true) { // poll until it accepts: a refused loopback connect fails at once
            try {
                server.connect().close();
                return server;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    throw new IllegalStateException("memcached did not start on port " + port + ": " + command, notYet);
                }
                Thread.onSpinWait();
            }
        }
    }

    int port() {
        return port;
    }

    Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while stopping memcached", e));
        }
    }
}
