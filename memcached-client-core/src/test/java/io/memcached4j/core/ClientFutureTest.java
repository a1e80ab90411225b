package io.memcached4j.core;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientFutureTest {
    private volatile boolean onIoThread;
    private final IoThreadGuard guard = new IoThreadGuard(() -> onIoThread);

    @Test
    void waitingForAnUnfinishedFutureOnTheIoThreadIsRefused() {
        ClientFuture<String> future = new ClientFuture<>(guard);
        onIoThread = true;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> future.get(3, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("deadlock") && e.getMessage().contains(Thread.currentThread().getName()),
                e.getMessage());
        assertThrows(IllegalStateException.class, future::get);
        assertThrows(IllegalStateException.class, future::join);
        CompletableFuture<Integer> derived = future.thenApply(String::length);
        assertThrows(IllegalStateException.class, derived::join, "derived stages guard the same way");
        assertThrows(IllegalStateException.class, () -> derived.toCompletableFuture().get(1, TimeUnit.SECONDS));
    }

    @Test
    void aFinishedFutureOrAnotherThreadMayWait() throws Exception {
        ClientFuture<String> future = new ClientFuture<>(guard);
        onIoThread = false;
        future.complete("done");
        onIoThread = true;
        assertEquals("done", future.get(), "a finished future never blocks");
        assertEquals(4, future.thenApply(String::length).join());
        onIoThread = false;
        ClientFuture<String> later = new ClientFuture<>(guard);
        Thread completer = new Thread(() -> later.complete("later"));
        completer.start();
        assertEquals("later", later.get(10, TimeUnit.SECONDS));
        completer.join();
    }

    @Test
    void theGuardRefusesBlockingCallsOnlyOnTheIoThread() {
        onIoThread = false;
        guard.refuseBlocking("a blocking memcached call");
        onIoThread = true;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> guard.refuseBlocking("a blocking memcached call"));
        assertTrue(e.getMessage().startsWith("a blocking memcached call on the memcached client's own I/O thread"), e.getMessage());
    }
}
