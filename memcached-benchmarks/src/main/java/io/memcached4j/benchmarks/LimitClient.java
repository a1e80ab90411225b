package io.memcached4j.benchmarks;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The yardstick: a minimal hand-written driver with no futures, no queues and no I/O thread.
 * Each calling thread gets its own blocking NIO connection (a blocking {@code SSLSocket} over TLS); the pipelined workload keeps its
 * gets in flight on the calling thread's connection, reading what arrived and sending as many
 * new gets, in one write, as replies completed.
 */
final class LimitClient implements LoadClient {
    private final InetSocketAddress address;
    private final SSLContext tls;
    private final List<TextConnection> opened = new CopyOnWriteArrayList<>();
    private final ThreadLocal<TextConnection> connections = ThreadLocal.withInitial(this::open);

    LimitClient(String host, int port) {
        this(host, port, null);
    }

    /** Over TLS when {@code tls} is not null: a blocking {@code SSLSocket} per thread. */
    LimitClient(String host, int port, SSLContext tls) {
        address = new InetSocketAddress(host, port);
        this.tls = tls;
    }

    @Override
    public byte[] get(String key) throws IOException {
        TextConnection connection = connections.get();
        connection.appendGet(key);
        connection.flush();
        return connection.readGet();
    }

    @Override
    public void set(String key, byte[] value) throws IOException {
        TextConnection connection = connections.get();
        connection.appendSet(key, value);
        connection.flush();
        connection.readStored();
    }

    @Override
    public int getMulti(List<String> keys) throws IOException {
        TextConnection connection = connections.get();
        connection.appendMultiGet(keys);
        connection.flush();
        Map<String, byte[]> found = new HashMap<>(keys.size() * 2);
        connection.readMultiGet(found);
        return found.size();
    }

    @Override
    public void getAsync(String key, BiConsumer<byte[], Throwable> done) {
        throw new UnsupportedOperationException("the limit driver pipelines in pipelinedGets only");
    }

    @Override
    public void pipelinedGets(KeySpace keys, int depth, RunClock clock, Tally tally) {
        TextConnection connection = connections.get();
        try {
            for (int i = 0; i < depth; i++) {
                connection.appendGet(keys.randomKey());
            }
            connection.flush();
            int inFlight = depth;
            while (inFlight > 0) {
                connection.fill();
                boolean running = clock.running();
                byte[] value;
                while ((value = connection.pollGet()) != TextConnection.INCOMPLETE) {
                    tally.got(clock.measuring(), value);
                    if (running) {
                        connection.appendGet(keys.randomKey());
                    } else {
                        inFlight--;
                    }
                }
                connection.flush();
            }
        } catch (IOException e) {
            tally.error(clock.measuring(), e);
        }
    }

    @Override
    public void close() throws IOException {
        for (TextConnection connection : opened) {
            connection.close();
        }
    }

    private TextConnection open() {
        try {
            TextConnection connection = new TextConnection(address, tls);
            opened.add(connection);
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + address, e);
        }
    }
}
