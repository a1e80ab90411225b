package io.memcached4j.micrometer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StripesTest {
    /** More threads than a 2-core machine has stripes (4): some own theirs, others share one. */
    private static final int THREADS = 8;
    private static final int ADDS = 200_000;

    /** Runs a task on {@link #THREADS} threads started together, and waits for them. */
    private static void onThreads(IntTask task) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                task.run(id);
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private interface IntTask {
        void run(int thread);
    }

    @Test
    void sumsFromManyThreadsAreExact() throws InterruptedException {
        Stripes stripes = new Stripes(3);
        onThreads(t -> {
            for (int i = 0; i < ADDS; i++) {
                stripes.add(0, 1);
                stripes.add(1, i, 2, 2);
            }
        });
        assertEquals((long) THREADS * ADDS, stripes.sum(0));
        assertEquals((long) THREADS * ADDS * (ADDS - 1) / 2, stripes.sum(1));
        assertEquals(2L * THREADS * ADDS, stripes.sum(2));
    }

    @Test
    void aMaximumTakenWhileThreadsRecordLosesNoValue() throws InterruptedException {
        Stripes stripes = new Stripes(1);
        AtomicLong taken = new AtomicLong();
        Thread taker = new Thread(() -> {
            for (int i = 0; i < 10_000; i++) {
                taken.accumulateAndGet(stripes.takeMax(0), Math::max);
            }
        });
        taker.start();
        onThreads(t -> {
            for (int i = 1; i <= ADDS; i++) {
                stripes.max(0, (long) i * THREADS + t);
            }
        });
        taker.join();
        long last = stripes.takeMax(0);
        assertEquals((long) ADDS * THREADS + THREADS - 1, Math.max(taken.get(), last),
                "the largest value is in a take, during or after the recording");
        assertEquals(0, stripes.takeMax(0), "a take resets the maximum");
        stripes.max(0, 5);
        stripes.max(0, 3);
        assertEquals(5, stripes.takeMax(0));
    }

    @Test
    void shortLivedThreadsOneAfterAnotherAreAllCounted() throws InterruptedException {
        Stripes stripes = new Stripes(2);
        for (int round = 0; round < 50; round++) { // many more threads than stripes: dead owners' stripes are freed
            onThreads(t -> {
                for (int i = 0; i < 1_000; i++) {
                    stripes.add(0, 1, 1, 3);
                }
            });
            assertEquals((long) (round + 1) * THREADS * 1_000, stripes.sum(0));
        }
        assertEquals(3L * 50 * THREADS * 1_000, stripes.sum(1));
    }

    @Test
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    void threadsUpToTheStripesEachOwnOneWhateverTheirIds() throws InterruptedException {
        Stripes stripes = new Stripes(1);
        CyclicBarrier allAlive = new CyclicBarrier(Stripes.STRIPES);
        AtomicInteger owning = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        while (threads.size() < Stripes.STRIPES) { // threads whose ids all pick the same stripe
            Thread t = new Thread(() -> {
                try {
                    allAlive.await(); // all alive at once, so none frees another's stripe
                    if (stripes.ownsStripe()) {
                        owning.incrementAndGet();
                    }
                    stripes.add(0, 1);
                    allAlive.await();
                } catch (InterruptedException | BrokenBarrierException e) {
                    throw new AssertionError(e);
                }
            });
            if ((t.getId() & (Stripes.STRIPES - 1)) == 0) {
                threads.add(t);
            }
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(Stripes.STRIPES, owning.get(), "ids that pick the same stripe take the next free one");
        assertEquals(Stripes.STRIPES, stripes.sum(0));
    }

    @Test
    void stripesOfDeadOwnersAreFreedByWritersWhenNoReaderComes() throws InterruptedException {
        Stripes stripes = new Stripes(1);
        for (int i = 0; i < Stripes.STRIPES; i++) { // every stripe taken by a thread that then ends
            Thread t = new Thread(() -> stripes.add(0, 1));
            t.start();
            t.join();
        }
        boolean[] owned = new boolean[2];
        Thread late = new Thread(() -> {
            owned[0] = stripes.ownsStripe();
            for (int i = 0; i < Stripes.SWEEP_EVERY; i++) {
                stripes.add(0, 1);
            }
            owned[1] = stripes.ownsStripe();
        });
        late.start();
        late.join();
        assertFalse(owned[0], "every stripe is owned, by dead threads no reader has seen");
        assertTrue(owned[1], "a sweep after " + Stripes.SWEEP_EVERY + " shared writes freed one");
        assertEquals(Stripes.STRIPES + Stripes.SWEEP_EVERY, stripes.sum(0));
    }

    @Test
    void recordCountsAddsAndRaisesTheMaximumFromManyThreads() throws InterruptedException {
        Stripes stripes = new Stripes(4);
        onThreads(t -> {
            for (int i = 1; i <= ADDS; i++) {
                stripes.record(1, 2, 3, i);
            }
        });
        assertEquals((long) THREADS * ADDS, stripes.sum(1));
        assertEquals((long) THREADS * ADDS * (ADDS + 1) / 2, stripes.sum(2));
        assertEquals(ADDS, stripes.takeMax(3));
        assertEquals(0, stripes.sum(0), "a slot not recorded in stays 0");
        assertThrows(IndexOutOfBoundsException.class, () -> stripes.record(1, 2, 4, 1));
        assertEquals((long) THREADS * ADDS, stripes.sum(1), "a record refused records nothing");
    }

    @Test
    void slotsAreSeparate() {
        Stripes stripes = new Stripes(10);
        stripes.add(9, 7);
        stripes.max(8, 4);
        assertEquals(7, stripes.sum(9));
        assertEquals(0, stripes.sum(7));
        assertEquals(4, stripes.takeMax(8));
        assertThrows(IndexOutOfBoundsException.class, () -> stripes.add(10, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> stripes.sum(-1));
        assertThrows(IllegalArgumentException.class, () -> new Stripes(0));
    }

    @Test
    void stripesFollowTheProcessors() {
        assertEquals(4, Stripes.stripes(1));
        assertEquals(4, Stripes.stripes(2));
        assertEquals(8, Stripes.stripes(3));
        assertEquals(16, Stripes.stripes(8));
        assertEquals(16, Stripes.stripes(64));
    }
}
