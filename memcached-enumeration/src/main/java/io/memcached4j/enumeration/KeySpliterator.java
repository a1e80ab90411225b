package io.memcached4j.enumeration;

import io.memcached4j.KeyInfo;

import java.util.Spliterator;
import java.util.function.Consumer;

/**
 * A sequential spliterator over a {@link KeySource} that stops at the limit, and releases the source as
 * soon as the dump ends, the limit is reached or reading fails, without waiting for the stream's close.
 */
final class KeySpliterator implements Spliterator<KeyInfo> {
    private final KeySource source;
    private final long limit;
    private long returned;
    private volatile boolean closed;

    KeySpliterator(KeySource source, long limit) {
        this.source = source;
        this.limit = limit;
    }

    @Override
    public boolean tryAdvance(Consumer<? super KeyInfo> action) {
        if (closed) {
            return false;
        }
        KeyInfo key;
        try {
            key = source.next();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        if (key == null) {
            close();
            return false;
        }
        if (++returned >= limit) {
            close();
        }
        action.accept(key);
        return true;
    }

    @Override
    public Spliterator<KeyInfo> trySplit() {
        return null;
    }

    @Override
    public long estimateSize() {
        return Long.MAX_VALUE;
    }

    @Override
    public int characteristics() {
        return NONNULL;
    }

    /** Releases the source; idempotent. */
    void close() {
        if (!closed) {
            closed = true;
            source.close();
        }
    }
}
