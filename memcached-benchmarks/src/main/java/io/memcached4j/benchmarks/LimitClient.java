package io.memcached4j.benchmarks;

import io.memcached4j.ServerAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The yardstick: a minimal hand-written driver with no futures, no queues and no I/O thread.
 * Each calling thread gets its own blocking NIO connection to each server (a key's server is its
 * hash modulo the server count); the pipelined workload keeps its gets in flight on the calling
 * thread's connection, reading what arrived and sending as many new gets, in one write, as
 * replies completed. A multi-get over several servers writes every server's part, then reads
 * each reply.
 */
final class LimitClient implements LoadClient {
    private final InetSocketAddress[] addresses;
    private final List<TextConnection> opened = new CopyOnWriteArrayList<>();
    private final ThreadLocal<TextConnection[]> connections;

    LimitClient(List<ServerAddress> servers) {
        addresses = servers.stream().map(s -> new InetSocketAddress(s.host(), s.port())).toArray(InetSocketAddress[]::new);
        connections = ThreadLocal.withInitial(() -> new TextConnection[addresses.length]);
    }

    @Override
    public byte[] get(String key) throws IOException {
        TextConnection connection = connectionFor(key);
        connection.appendGet(key);
        connection.flush();
        return connection.readGet();
    }

    @Override
    public void set(String key, byte[] value) throws IOException {
        TextConnection connection = connectionFor(key);
        connection.appendSet(key, value);
        connection.flush();
        connection.readStored();
    }

    @Override
    public int getMulti(List<String> keys) throws IOException {
        Map<String, byte[]> found = new HashMap<>(keys.size() * 2);
        if (addresses.length == 1) {
            TextConnection connection = connection(0);
            connection.appendMultiGet(keys);
            connection.flush();
            connection.readMultiGet(found);
            return found.size();
        }
        List<List<String>> byServer = new ArrayList<>(addresses.length);
        for (int i = 0; i < addresses.length; i++) {
            byServer.add(new ArrayList<>());
        }
        for (String key : keys) {
            byServer.get(serverOf(key)).add(key);
        }
        for (int i = 0; i < addresses.length; i++) {
            if (!byServer.get(i).isEmpty()) {
                TextConnection connection = connection(i);
                connection.appendMultiGet(byServer.get(i));
                connection.flush();
            }
        }
        for (int i = 0; i < addresses.length; i++) {
            if (!byServer.get(i).isEmpty()) {
                connection(i).readMultiGet(found);
            }
        }
        return found.size();
    }

    @Override
    public void getAsync(String key, BiConsumer<byte[], Throwable> done) {
        throw new UnsupportedOperationException("the limit driver pipelines in pipelinedGets only");
    }

    @Override
    public void pipelinedGets(KeySpace keys, int depth, RunClock clock, Tally tally) {
        if (addresses.length != 1) {
            throw new UnsupportedOperationException("the limit driver pipelines gets to one server only");
        }
        TextConnection connection = connection(0);
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

    private int serverOf(String key) {
        return addresses.length == 1 ? 0 : Math.floorMod(key.hashCode(), addresses.length);
    }

    private TextConnection connectionFor(String key) {
        return connection(serverOf(key));
    }

    /** The calling thread's connection to server {@code index}, opened on first use. */
    private TextConnection connection(int index) {
        TextConnection[] mine = connections.get();
        TextConnection connection = mine[index];
        if (connection == null) {
            try {
                connection = new TextConnection(addresses[index]);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot connect to " + addresses[index], e);
            }
            opened.add(connection);
            mine[index] = connection;
        }
        return connection;
    }
}
