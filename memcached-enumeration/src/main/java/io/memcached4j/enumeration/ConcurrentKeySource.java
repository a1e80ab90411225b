package io.memcached4j.enumeration;

import io.memcached4j.KeyInfo;
import io.memcached4j.MemcachedException;
import io.memcached4j.ServerAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Dumps several servers at once into one sequence: one reader thread per server puts its keys into a
 * bounded queue that the consumer drains, so a slow consumer stops the readers (and, through TCP, the
 * servers) instead of filling memory. {@link #close()} closes every connection and stops every thread.
 */
final class ConcurrentKeySource implements KeySource {
    /** Keys in flight between the readers and the consumer, for all servers together. */
    static final int QUEUE_CAPACITY = 1024;

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final List<Reader> readers = new ArrayList<>();
    private final long joinMillis;
    private int running;
    private boolean started;
    private volatile boolean closed;

    /**
     * @param servers the servers, at least two
     * @param opener opens the dump of one server; called on that server's reader thread
     * @param joinMillis how long {@link #close()} waits for each reader thread to end
     */
    ConcurrentKeySource(List<ServerAddress> servers, Function<ServerAddress, KeySource> opener, long joinMillis) {
        for (ServerAddress server : servers) {
            readers.add(new Reader(server, opener));
        }
        this.joinMillis = joinMillis;
    }

    @Override
    public KeyInfo next() {
        if (closed) {
            return null;
        }
        if (!started) {
            started = true;
            running = readers.size();
            readers.forEach(Reader::start);
        }
        while (running > 0 && !closed) {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new MemcachedException("interrupted while waiting for keys", e);
            }
            if (item instanceof KeyInfo) {
                return (KeyInfo) item;
            }
            if (item instanceof Failure) {
                close();
                throw ((Failure) item).error;
            }
            running--;
        }
        return null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        readers.forEach(Reader::stop);
        boolean interrupted = false;
        for (Reader reader : readers) {
            try {
                reader.thread.join(joinMillis);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        queue.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Marks the end of one server's dump in the queue. */
    private static final class Done {
        Done() {
        }
    }

    /** Carries a reader's failure to the consumer. */
    private static final class Failure {
        final RuntimeException error;

        Failure(RuntimeException error) {
            this.error = error;
        }
    }

    /** Reads one server on a thread of its own. */
    private final class Reader implements Runnable {
        private final ServerAddress server;
        private final Function<ServerAddress, KeySource> opener;
        private final Thread thread;
        private KeySource source;

        Reader(ServerAddress server, Function<ServerAddress, KeySource> opener) {
            this.server = server;
            this.opener = opener;
            this.thread = new Thread(this, "memcached4j-enumerate-" + server);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            KeySource opened = null;
            try {
                opened = opener.apply(server);
                if (!publish(opened)) {
                    return;
                }
                for (KeyInfo key = opened.next(); key != null && !closed; key = opened.next()) {
                    queue.put(key);
                }
                queue.put(new Done());
            } catch (InterruptedException e) {
                // close() stops this reader
            } catch (RuntimeException e) {
                if (!closed) {
                    offerFailure(e);
                }
            } catch (Error e) {
                offerFailure(new MemcachedException("enumerating " + server + " failed: " + e, e));
                throw e;
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

        private void offerFailure(RuntimeException e) {
            try {
                while (!closed && !queue.offer(new Failure(e), 100, TimeUnit.MILLISECONDS)) {
                    // the consumer is slow or gone: it either takes from the queue or closes
                }
            } catch (InterruptedException stopped) {
                // close() stops this reader
            }
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
