package io.memcached4j.benchmarks;

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
 * Each calling thread gets its own blocking NIO connection; the pipelined workload keeps its
 * gets in flight on the calling thread's connection, reading what arrived and sending as many
 * new gets, in one write, as replies completed. It speaks the classic commands, or (the
 * {@code limit-meta} kind) the meta commands with an opaque token on every request, checked in
 * every reply, to measure what that wire format costs with nothing else in the way.
 */
final class LimitClient implements LoadClient {
    private final InetSocketAddress address;
    private final List<TextConnection> opened = new CopyOnWriteArrayList<>();
    private final ThreadLocal<TextConnection> connections = ThreadLocal.withInitial(this::open);

    private final boolean meta;

    LimitClient(String host, int port, boolean meta) {
        address = new InetSocketAddress(host, port);
        this.meta = meta;
    }

    @Override
    public byte[] get(String key) throws IOException {
        TextConnection connection = connections.get();
        if (meta) {
            int opaque = connection.takeOpaques(1);
            connection.appendMetaGet(key, opaque);
            connection.flush();
            return connection.readMetaGet(opaque);
        }
        connection.appendGet(key);
        connection.flush();
        return connection.readGet();
    }

    @Override
    public void set(String key, byte[] value) throws IOException {
        TextConnection connection = connections.get();
        if (meta) {
            int opaque = connection.takeOpaques(1);
            connection.appendMetaSet(key, value, opaque);
            connection.flush();
            connection.readMetaStored(opaque);
            return;
        }
        connection.appendSet(key, value);
        connection.flush();
        connection.readStored();
    }

    @Override
    public int getMulti(List<String> keys) throws IOException {
        TextConnection connection = connections.get();
        Map<String, byte[]> found = new HashMap<>(keys.size() * 2);
        if (meta) {
            int first = connection.takeOpaques(keys.size());
            connection.appendMetaMultiGet(keys, first);
            connection.flush();
            connection.readMetaMultiGet(keys, first, found);
            return found.size();
        }
        connection.appendMultiGet(keys);
        connection.flush();
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
            // Replies come in request order, so the oldest request's opaque token is the one expected.
            int oldest = connection.takeOpaques(0);
            for (int i = 0; i < depth; i++) {
                appendGet(connection, keys.randomKey());
            }
            connection.flush();
            int inFlight = depth;
            while (inFlight > 0) {
                connection.fill();
                boolean running = clock.running();
                byte[] value;
                while ((value = meta ? connection.pollMetaGet(oldest) : connection.pollGet()) != TextConnection.INCOMPLETE) {
                    oldest++;
                    tally.got(clock.measuring(), value);
                    if (running) {
                        appendGet(connection, keys.randomKey());
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

    private void appendGet(TextConnection connection, String key) {
        if (meta) {
            connection.appendMetaGet(key, connection.takeOpaques(1));
        } else {
            connection.appendGet(key);
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
            TextConnection connection = new TextConnection(address);
            opened.add(connection);
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + address, e);
        }
    }
}
