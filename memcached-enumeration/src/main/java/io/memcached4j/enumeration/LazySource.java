package io.memcached4j.enumeration;

import io.memcached4j.KeyInfo;

import java.util.function.Supplier;

/**
 * Opens a source when its first key is asked for, so that a stream costs nothing until it is read.
 * May be closed from another thread than the reader's.
 */
final class LazySource implements KeySource {
    private final Supplier<KeySource> opener;
    private volatile KeySource source;
    private volatile boolean closed;

    LazySource(Supplier<KeySource> opener) {
        this.opener = opener;
    }

    @Override
    public KeyInfo next() {
        KeySource current = source;
        if (current == null) {
            if (closed) {
                return null;
            }
            current = opener.get();
            source = current;
            if (closed) {
                current.close();
                return null;
            }
        }
        return current.next();
    }

    @Override
    public void close() {
        closed = true;
        KeySource current = source;
        if (current != null) {
            current.close();
        }
    }
}
