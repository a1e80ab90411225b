package io.memcached4j.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void anObserverIsToldOnceBeforeTheDependentsByTheCompletionThatWins() {
        List<String> heard = new ArrayList<>();
        ClientFuture<String> future = new ClientFuture<>(guard);
        future.observe((value, failure, nanos) -> heard.add("observer " + value + " " + failure), ClientFuture.UNSTAMPED);
        future.whenComplete((value, failure) -> heard.add("dependent " + value));
        assertTrue(future.complete("first"));
        assertFalse(future.completeExceptionally(new IllegalStateException("late")));
        assertFalse(future.complete("second"));
        assertFalse(future.cancel(false));
        assertEquals(List.of("observer first null", "dependent first"), heard);
        assertEquals("first", future.join());
        assertThrows(IllegalStateException.class, () -> future.observe((value, failure, nanos) -> { }, ClientFuture.UNSTAMPED), "observed once");
    }

    @Test
    void anObserverOfAFinishedFutureIsToldAtOnceAndFailuresAndCancellingAreTold() {
        List<String> heard = new ArrayList<>();
        ClientFuture<String> done = new ClientFuture<>(guard);
        done.completeExceptionally(new IllegalStateException("failed"));
        done.observe((value, failure, nanos) -> heard.add("done " + value + " " + failure.getMessage()), ClientFuture.UNSTAMPED);
        assertEquals(List.of("done null failed"), heard);

        ClientFuture<String> cancelled = new ClientFuture<>(guard);
        cancelled.observe((value, failure, nanos) -> heard.add("cancelled " + failure.getClass().getSimpleName()),
                ClientFuture.UNSTAMPED);
        assertTrue(cancelled.cancel(false));
        assertTrue(cancelled.isCancelled());
        assertEquals(List.of("done null failed", "cancelled CancellationException"), heard);

        ClientFuture<String> plain = new ClientFuture<>(guard);
        assertTrue(plain.complete("x"), "without an observer, as any CompletableFuture");
        assertFalse(plain.complete("y"));
        assertThrows(NullPointerException.class, () -> plain.completeExceptionally(null));
    }

    @Test
    void anObserverIsToldTheDurationFromTheStampsItsTransportGave() {
        List<Long> durations = new ArrayList<>();
        ClientFuture<String> stamped = new ClientFuture<>(guard, 1_000L);
        stamped.observe((value, failure, nanos) -> durations.add(nanos), 5L); // the transport's start wins
        assertTrue(stamped.complete("v", 4_500L));
        assertEquals(List.of(3_500L), durations, "from the start the transport took to the read of the reply");

        ClientFuture<String> readBeforeObserved = new ClientFuture<>(guard);
        assertTrue(readBeforeObserved.complete("v", 9_000L));
        readBeforeObserved.observe((value, failure, nanos) -> durations.add(nanos), 2_000L); // a start the client took
        assertEquals(List.of(3_500L, 7_000L), durations, "an unstamped start is the client's own, told at once");

        ClientFuture<String> unstamped = new ClientFuture<>(guard);
        long before = System.nanoTime();
        unstamped.observe((value, failure, nanos) -> durations.add(nanos), ClientFuture.UNSTAMPED);
        assertTrue(unstamped.completeExceptionally(new IllegalStateException("failed")));
        long after = System.nanoTime();
        long told = durations.get(2);
        assertTrue(told >= 0 && told <= after - before, "timed by the clock from when it was observed: " + told);
    }

    @Test
    void anObserverTheFutureWasMadeWithIsToldOnceBeforeTheDependentsAndNeedsNoObserving() {
        List<String> heard = new ArrayList<>();
        ClientFuture.Observer<String> observer = (value, failure, nanos) -> heard.add("observer " + value + " " + nanos);
        ClientFuture<String> future = new ClientFuture<>(guard, 1_000L, observer);
        future.observe(observer, 5L); // the client's own step: nothing more to do
        future.whenComplete((value, failure) -> heard.add("dependent " + value));
        assertTrue(future.complete("first", 3_000L));
        assertFalse(future.complete("second", 4_000L));
        assertFalse(future.cancel(false));
        assertEquals(List.of("observer first 2000", "dependent first"), heard);
        assertThrows(IllegalStateException.class, () -> future.observe((value, failure, nanos) -> { }, ClientFuture.UNSTAMPED),
                "observed once");

        ClientFuture<String> cancelled = new ClientFuture<>(guard, ClientFuture.UNSTAMPED, (value, failure, nanos) ->
                heard.add("cancelled " + failure.getClass().getSimpleName() + " " + (nanos >= 0)));
        assertTrue(cancelled.cancel(false));
        assertEquals("cancelled CancellationException true", heard.get(2), "an unstamped start is taken when made");
    }

    @Test
    void racingCompletionsTellAnObserverMadeWithTheFutureExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 2_000; round++) {
                AtomicInteger told = new AtomicInteger();
                AtomicReference<Object> toldWhat = new AtomicReference<>();
                ClientFuture<String> future = new ClientFuture<>(guard, 0L, (value, failure, nanos) -> {
                    told.incrementAndGet();
                    toldWhat.set(value != null ? value : failure.getClass());
                });
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> completions = List.of(
                        pool.submit(() -> { start.await(); return future.complete("value", 1L); }),
                        pool.submit(() -> { start.await(); return future.completeExceptionally(new IllegalStateException()); }),
                        pool.submit(() -> { start.await(); return future.cancel(false); }));
                start.countDown();
                int won = 0;
                for (Future<Boolean> completion : completions) {
                    won += completion.get() ? 1 : 0;
                }
                assertEquals(1, won, "one completion wins");
                assertEquals(1, told.get(), "told once, round " + round);
                Object expected = future.isCancelled() ? CancellationException.class
                        : future.isCompletedExceptionally() ? IllegalStateException.class : "value";
                assertEquals(expected, toldWhat.get(), "told what the future holds");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
