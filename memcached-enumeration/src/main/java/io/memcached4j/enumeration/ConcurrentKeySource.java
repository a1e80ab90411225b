package io.memcached4j.enumeration;

import io.memcached4j.KeyInfo;
import io.memcached4j.MemcachedException;
import io.memcached4j.ServerAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Dumps several servers at once into one sequence: one reader thread per server parses its keys and
 * hands them to the consumer through a bounded {@link HandOff}, so a slow consumer stops the readers
 * (and, through TCP, the servers) instead of filling memory. {@link #close()} closes every connection
 * and stops every thread.
 */
final class ConcurrentKeySource implements KeySource {
    static final int BATCH = 256;
    static final int BATCHES = 8;

    private final HandOff<KeyInfo> handOff;
    private final List<Reader> readers = new ArrayList<>();
    private final long joinMillis;
    private boolean started;
    private volatile boolean closed;

    /**
     * @param servers the servers, at least two
     * @param opener opens the dump of one server; called on that server's reader thread
     * @param joinMillis how long {@link #close()} waits for each reader thread to end
     */
    ConcurrentKeySource(List<ServerAddress> servers, Function<ServerAddress, KeySource> opener, long joinMillis) {
        this.handOff = new HandOff<>(servers.size(), BATCH, BATCHES);
        for (int i = 0; i < servers.size(); i++) {
            readers.add(new Reader(servers.get(i), opener, handOff.producers().get(i)));
        }
        this.joinMillis = joinMillis;
    }

    /** @return the most keys held between the readers and the consumer */
    static int maxKeysInFlight(int servers) {
        return HandOff.maxInFlight(servers, BATCH, BATCHES);
    }

    @Override
    public KeyInfo next() {
        if (closed) {
            return null;
        }
        if (!started) {
            started = true;
            readers.forEach(reader -> reader.thread.start());
        }
        try {
            return handOff.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new MemcachedException("interrupted while waiting for keys", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        readers.forEach(Reader::stop);
        handOff.clear();
        boolean interrupted = false;
        for (Reader reader : readers) {
            try {
                reader.thread.join(joinMillis);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads one server on a thread of its own. */
    private final class Reader implements Runnable {
        private final ServerAddress server;
        private final Function<ServerAddress, KeySource> opener;
        private final HandOff<KeyInfo>.Producer producer;
        private final Thread thread;
        private KeySource source;

        Reader(ServerAddress server, Function<ServerAddress, KeySource> opener, HandOff<KeyInfo>.Producer producer) {
            this.server = server;
            this.opener = opener;
            this.producer = producer;
            this.thread = new Thread(this, "memcached4j-enumerate-" + server);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            KeySource opened = null;
            try {
                try {
                    opened = opener.apply(server);
                    if (!publish(opened)) {
                        return;
                    }
                    for (KeyInfo key = opened.next(); key != null && !closed; key = opened.next()) {
                        producer.add(key);
                    }
                    producer.finish();
                } catch (RuntimeException e) {
                    if (!closed) {
                        producer.fail(e);
                    }
                } catch (Error e) {
                    producer.fail(new MemcachedException("enumerating " + server + " failed: " + e, e));
                    throw e;
                }
            } catch (InterruptedException stopped) {
                // close() stops this reader
            } finally {
                if (opened != null) {
                    opened.close();
                }
            }
        }

        private synchronized boolean publish(KeySource opened) {
            source = opened;
            return !closed;
        }

        /** Aborts the read: closes the connection, which wakes a blocked read, and interrupts a blocked put. */
        synchronized void stop() {
            if (source != null) {
                source.close();
            }
            thread.interrupt();
        }
    }
}
