package io.memcached4j.benchmarks.micro;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH benchmark of what a blocking lane's check before each write costs (asking the socket how many
 * bytes wait, one {@code ioctl}, as {@code Lane} does) against the two system calls of the call
 * itself, on a loopback connection: a get's request written on one end and its reply read on the
 * other, the peer's part left out. The limit driver makes the write and the read, not the check.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LaneCheckBenchmark {
    private final ByteBuffer request = ByteBuffer.wrap("get bench:000123\r\n".getBytes(StandardCharsets.US_ASCII));
    private final ByteBuffer received = ByteBuffer.allocate(64 * 1024);
    private ServerSocketChannel listener;
    private SocketChannel client;
    private SocketChannel server;
    private InputStream waiting;

    /** Creates the benchmark state. */
    public LaneCheckBenchmark() {
    }

    /** Opens a loopback connection in blocking mode, as a plain lane's. */
    @Setup
    public void open() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = SocketChannel.open(listener.getLocalAddress());
        server = listener.accept();
        waiting = client.socket().getInputStream();
    }

    /** Closes the connection. */
    @TearDown
    public void close() throws IOException {
        client.close();
        server.close();
        listener.close();
    }

    /** @return the bytes waiting on the lane's socket (none): the check before a write */
    @Benchmark
    public int check() throws IOException {
        return waiting.available();
    }

    /** @return the bytes read: a request written on one end and read on the other, a lane's write and read */
    @Benchmark
    public int writeAndRead() throws IOException {
        request.clear();
        client.write(request);
        received.clear();
        return server.read(received);
    }
}
