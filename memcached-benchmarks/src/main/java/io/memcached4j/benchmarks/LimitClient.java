package io.memcached4j.benchmarks;

import io.memcached4j.ServerAddress;

import javax.net.ssl.SSLContext;
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
 * Each calling thread gets its own blocking NIO connection to each server (a blocking
 * {@code SSLSocket} over TLS; a key's server is its
 * hash modulo the server count); the pipelined workload keeps its gets in flight on the calling
 * thread's connection, reading what arrived and sending as many new gets, in one write, as
 * replies completed. A multi-get over several servers writes every server's part, then reads
 * each reply. It speaks the classic commands, or (the {@code limit-meta} kind) the meta commands
 * with an opaque token on every request, checked in every reply, to measure what that wire format
 * costs with nothing else in the way.
 */
final class LimitClient implements LoadClient {
    private final InetSocketAddress[] addresses;
    private final SSLContext tls;
    private final List<TextConnection> opened = new CopyOnWriteArrayList<>();
    private final ThreadLocal<TextConnection[]> connections;

    private final boolean meta;

    /** Speaks the meta commands when {@code meta}; over TLS when {@code tls} is not null. */
    LimitClient(List<ServerAddress> servers, boolean meta, SSLContext tls) {
        this.meta = meta;
        this.tls = tls;
        addresses = servers.stream().map(s -> new InetSocketAddress(s.host(), s.port())).toArray(InetSocketAddress[]::new);
        connections = ThreadLocal.withInitial(() -> new TextConnection[addresses.length]);
    }

    @Override
    public byte[] get(String key) throws IOException {
        TextConnection connection = connectionFor(key);
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
        TextConnection connection = connectionFor(key);
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
        Map<String, byte[]> found = new HashMap<>(keys.size() * 2);
        if (addresses.length == 1) {
            TextConnection connection = connection(0);
            int first = appendMultiGet(connection, keys);
            connection.flush();
            readMultiGet(connection, keys, first, found);
            return found.size();
        }
        List<List<String>> byServer = new ArrayList<>(addresses.length);
        for (int i = 0; i < addresses.length; i++) {
            byServer.add(new ArrayList<>());
        }
        for (String key : keys) {
            byServer.get(serverOf(key)).add(key);
        }
        int[] firstOpaques = new int[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            if (!byServer.get(i).isEmpty()) {
                TextConnection connection = connection(i);
                firstOpaques[i] = appendMultiGet(connection, byServer.get(i));
                connection.flush();
            }
        }
        for (int i = 0; i < addresses.length; i++) {
            if (!byServer.get(i).isEmpty()) {
                readMultiGet(connection(i), byServer.get(i), firstOpaques[i], found);
            }
        }
        return found.size();
    }

    /** Appends a multi-get of {@code keys}; returns its first opaque token (meta only). */
    private int appendMultiGet(TextConnection connection, List<String> keys) {
        if (!meta) {
            connection.appendMultiGet(keys);
            return 0;
        }
        int first = connection.takeOpaques(keys.size());
        connection.appendMetaMultiGet(keys, first);
        return first;
    }

    private void readMultiGet(TextConnection connection, List<String> keys, int firstOpaque, Map<String, byte[]> found)
            throws IOException {
        if (meta) {
            connection.readMetaMultiGet(keys, firstOpaque, found);
        } else {
            connection.readMultiGet(found);
        }
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
                connection = new TextConnection(addresses[index], tls);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot connect to " + addresses[index], e);
            }
            opened.add(connection);
            mine[index] = connection;
        }
        return connection;
    }
}
