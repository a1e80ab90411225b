package io.memcached4j.core;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Knows a client's I/O threads, and refuses to block on them: a blocking call or a wait on an
 * unfinished future of the client, made in a callback on its I/O thread, would wait for the thread
 * it blocks. The one place of that refusal for every transport; {@link ClientFuture} applies it.
 */
public final class IoThreadGuard {
    private final BooleanSupplier onIoThread;

    /**
     * Creates the guard of a client.
     *
     * @param onIoThread tells whether the calling thread is one of the client's I/O threads
     */
    public IoThreadGuard(BooleanSupplier onIoThread) {
        this.onIoThread = Objects.requireNonNull(onIoThread, "onIoThread");
    }

    /** @return whether the calling thread is one of the client's I/O threads */
    public boolean onIoThread() {
        return onIoThread.getAsBoolean();
    }

    /**
     * Throws when the calling thread is one of the client's I/O threads.
     *
     * @param what the blocking call, for the message, e.g. {@code "a blocking memcached call"}
     * @throws IllegalStateException on an I/O thread of the client
     */
    public void refuseBlocking(String what) {
        if (onIoThread.getAsBoolean()) {
            throw new IllegalStateException(what + " on the memcached client's own I/O thread ("
                    + Thread.currentThread().getName() + ") would deadlock: callbacks must not block; "
                    + "chain with thenCompose/thenAccept, or use async()");
        }
    }
}
