package io.memcached4j.enumeration;

import io.memcached4j.process.Await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class HandOffTest {

    private static Thread start(String name, ThrowingRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private interface ThrowingRunnable {
        void run() throws InterruptedException;
    }

    @Test
    void everyItemOfEveryProducerArrivesInItsProducersOrder() throws InterruptedException {
        HandOff<int[]> handOff = new HandOff<>(3, 16, 2);
        for (int p = 0; p < 3; p++) {
            HandOff<int[]>.Producer producer = handOff.producers().get(p);
            int id = p;
            start("producer-" + p, () -> {
                for (int i = 0; i < 20_000; i++) {
                    producer.add(new int[] {id, i});
                }
                producer.finish();
            });
        }
        int[] next = new int[3];
        int total = 0;
        for (int[] item = handOff.take(); item != null; item = handOff.take()) {
            assertEquals(next[item[0]]++, item[1], "producer " + item[0] + " out of order");
            total++;
        }
        assertEquals(60_000, total);
        assertNull(handOff.take(), "stays finished");
    }

    @Test
    void aPartialBatchOfAProducerBlockedElsewhereIsNotHeldBack() throws InterruptedException {
        HandOff<String> handOff = new HandOff<>(1, 256, 4);
        HandOff<String>.Producer producer = handOff.producers().get(0);
        CountDownLatch moreToRead = new CountDownLatch(1);
        start("producer", () -> {
            producer.add("a");
            producer.add("b");
            moreToRead.await(); // like a read blocked on a quiet socket
            producer.add("c");
            producer.finish();
        });

        assertEquals("a", handOff.take());
        assertEquals("b", handOff.take());
        moreToRead.countDown();
        assertEquals("c", handOff.take());
        assertNull(handOff.take());
    }

    @Test
    void aFailureIsThrownAfterTheItemsBeforeIt() throws InterruptedException {
        HandOff<String> handOff = new HandOff<>(1, 256, 4);
        HandOff<String>.Producer producer = handOff.producers().get(0);
        IllegalStateException failure = new IllegalStateException("lost");
        start("producer", () -> {
            producer.add("a");
            producer.fail(failure);
        });

        assertEquals("a", handOff.take());
        assertSame(failure, assertThrows(IllegalStateException.class, handOff::take));
    }

    @Test
    void aProducerBlocksWhenTheConsumerDoesNotTake() throws InterruptedException {
        HandOff<Integer> handOff = new HandOff<>(1, 4, 2);
        HandOff<Integer>.Producer producer = handOff.producers().get(0);
        AtomicInteger added = new AtomicInteger();
        Thread t = start("producer", () -> {
            for (int i = 0; i < 1_000; i++) {
                producer.add(i);
                added.incrementAndGet();
            }
            producer.finish();
        });

        Await.until(Duration.ofSeconds(10), () -> t.getState() == Thread.State.WAITING
                && Stream.of(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("put")), "the producer to block");
        assertTrue(added.get() <= HandOff.maxInFlight(1, 4, 2), "added " + added.get());

        List<Integer> all = new ArrayList<>();
        for (Integer i = handOff.take(); i != null; i = handOff.take()) {
            all.add(i);
        }
        assertEquals(1_000, all.size());
    }
}
