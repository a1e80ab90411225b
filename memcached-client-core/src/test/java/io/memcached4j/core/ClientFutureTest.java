package io.memcached4j.core;

import io.memcached4j.core.codec.Request;
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
import static org.junit.jupiter.api.Assertions.assertSame;
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

    /** The request the observers of these tests hear of, and the context their {@code started} returns. */
    private static final Request<String> REQUEST = new Request.Version();
    private static final Object CONTEXT = new Object();

    /** What an observer is told when its request finished. */
    @FunctionalInterface
    private interface Told {
        void finished(Object value, Throwable failure, long nanos);
    }

    /** An observer that returns {@link #CONTEXT} when its request starts and checks it is told of it with {@link #REQUEST}. */
    private static ClientFuture.Observer observer(Told told) {
        return new ClientFuture.Observer() {
            @Override
            public Object started(Request<?> request) {
                assertSame(REQUEST, request);
                return CONTEXT;
            }

            @Override
            public void finished(Request<?> request, Object context, Object value, Throwable failure, long nanos) {
                assertSame(REQUEST, request);
                assertSame(CONTEXT, context, "what started returned");
                told.finished(value, failure, nanos);
            }
        };
    }

    @Test
    void anObserverIsToldOnceBeforeTheDependentsByTheCompletionThatWins() {
        List<String> heard = new ArrayList<>();
        ClientFuture<String> future = new ClientFuture<>(guard);
        future.observe(observer((value, failure, nanos) -> heard.add("observer " + value + " " + failure)), REQUEST,
                ClientFuture.UNSTAMPED);
        future.whenComplete((value, failure) -> heard.add("dependent " + value));
        assertTrue(future.complete("first"));
        assertFalse(future.completeExceptionally(new IllegalStateException("late")));
        assertFalse(future.complete("second"));
        assertFalse(future.cancel(false));
        assertEquals(List.of("observer first null", "dependent first"), heard);
        assertEquals("first", future.join());
        assertThrows(IllegalStateException.class, () -> future.observe(observer((value, failure, nanos) -> { }),
                new Request.Version(), ClientFuture.UNSTAMPED), "observed once");
    }

    @Test
    void anObserverOfAFinishedFutureIsToldAtOnceAndFailuresAndCancellingAreTold() {
        List<String> heard = new ArrayList<>();
        ClientFuture<String> done = new ClientFuture<>(guard);
        done.completeExceptionally(new IllegalStateException("failed"));
        done.observe(observer((value, failure, nanos) -> heard.add("done " + value + " " + failure.getMessage())), REQUEST,
                ClientFuture.UNSTAMPED);
        assertEquals(List.of("done null failed"), heard);

        ClientFuture<String> cancelled = new ClientFuture<>(guard);
        cancelled.observe(observer((value, failure, nanos) -> heard.add("cancelled " + failure.getClass().getSimpleName())),
                REQUEST, ClientFuture.UNSTAMPED);
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
        stamped.observe(observer((value, failure, nanos) -> durations.add(nanos)), REQUEST, 5L); // the transport's start wins
        assertTrue(stamped.complete("v", 4_500L));
        assertEquals(List.of(3_500L), durations, "from the start the transport took to the read of the reply");

        ClientFuture<String> readBeforeObserved = new ClientFuture<>(guard);
        assertTrue(readBeforeObserved.complete("v", 9_000L));
        readBeforeObserved.observe(observer((value, failure, nanos) -> durations.add(nanos)), REQUEST, 2_000L); // a start the client took
        assertEquals(List.of(3_500L, 7_000L), durations, "an unstamped start is the client's own, told at once");

        ClientFuture<String> unstamped = new ClientFuture<>(guard);
        long before = System.nanoTime();
        unstamped.observe(observer((value, failure, nanos) -> durations.add(nanos)), REQUEST, ClientFuture.UNSTAMPED);
        assertTrue(unstamped.completeExceptionally(new IllegalStateException("failed")));
        long after = System.nanoTime();
        long told = durations.get(2);
        assertTrue(told >= 0 && told <= after - before, "timed by the clock from when it was observed: " + told);
    }

    @Test
    void anObserverTheFutureWasMadeWithIsToldOnceBeforeTheDependentsAndNeedsNoObserving() {
        List<String> heard = new ArrayList<>();
        List<Request<?>> started = new ArrayList<>();
        ClientFuture.Observer observer = new ClientFuture.Observer() {
            @Override
            public Object started(Request<?> request) {
                started.add(request);
                return CONTEXT;
            }

            @Override
            public void finished(Request<?> request, Object context, Object value, Throwable failure, long nanos) {
                assertSame(CONTEXT, context);
                heard.add("observer " + value + " " + nanos);
            }
        };
        ClientFuture<String> future = new ClientFuture<>(guard, 1_000L, observer, REQUEST);
        assertEquals(List.of(REQUEST), started, "told of the start when made");
        future.observe(observer, REQUEST, 5L); // the client's own step: nothing more to do
        assertEquals(List.of(REQUEST), started, "told once");
        future.whenComplete((value, failure) -> heard.add("dependent " + value));
        assertTrue(future.complete("first", 3_000L));
        assertFalse(future.complete("second", 4_000L));
        assertFalse(future.cancel(false));
        assertEquals(List.of("observer first 2000", "dependent first"), heard);
        assertThrows(IllegalStateException.class, () -> future.observe(observer, new Request.Version(), ClientFuture.UNSTAMPED),
                "observed once, for its own request");

        ClientFuture<String> cancelled = new ClientFuture<>(guard, ClientFuture.UNSTAMPED, observer((value, failure, nanos) ->
                heard.add("cancelled " + failure.getClass().getSimpleName() + " " + (nanos >= 0))), REQUEST);
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
                ClientFuture<String> future = new ClientFuture<>(guard, 0L, observer((value, failure, nanos) -> {
                    told.incrementAndGet();
                    toldWhat.set(value != null ? value : failure.getClass());
                }), REQUEST);
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
