package io.memcached4j.enumeration;

import io.memcached4j.MemcachedException;

/**
 * Reads the rest of a dump on a thread of its own, a bounded number of lines ahead of the consumer,
 * so that reading the socket and parsing the lines run in parallel. The thread stops at {@code END}
 * or an error line, on a failure, or when closed.
 */
final class PrefetchedLines implements Lines {
    static final int BATCH = 256;
    static final int BATCHES = 4;

    private final LineReader reader;
    private final HandOff<String> handOff = new HandOff<>(1, BATCH, BATCHES);
    private final Thread thread;
    private final long joinMillis;
    private volatile boolean closed;

    PrefetchedLines(LineReader reader, long joinMillis) {
        this.reader = reader;
        this.joinMillis = joinMillis;
        HandOff<String>.Producer producer = handOff.producers().get(0);
        this.thread = new Thread(() -> prefetch(producer), "memcached4j-enumerate-" + reader.server());
        thread.setDaemon(true);
        thread.start();
    }

    private void prefetch(HandOff<String>.Producer producer) {
        try {
            try {
                while (true) {
                    String line = reader.readLine();
                    producer.add(line);
                    if (line.equals("END") || MetadumpSupport.isError(line)) {
                        producer.finish();
                        return;
                    }
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    producer.fail(e);
                }
            }
        } catch (InterruptedException stopped) {
            // close() stops the prefetch
        }
    }

    @Override
    public String readLine() {
        try {
            String line = handOff.take();
            if (line == null) {
                throw new IllegalStateException("read past the end of the dump of " + reader.server());
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new MemcachedException("interrupted while reading the keys of " + reader.server(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        reader.close();
        thread.interrupt();
        handOff.clear();
        try {
            thread.join(joinMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
