package io.memcached4j.enumeration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands items from producer threads to one consumer through a bounded queue of batches: at most
 * {@code batches} full batches wait in the queue, plus the one each producer is filling and the one
 * the consumer is reading, so memory is bounded and a slow consumer blocks the producers. Batches
 * keep the cost of the hand-off low (one wake-up per batch, not per item); a consumer that found
 * nothing for a few milliseconds takes the partial batch of a producer that is not adding (it is
 * blocked on its socket), so an item read is never held back longer than that. Each producer's items
 * arrive in order.
 *
 * @param <T> the items
 */
final class HandOff<T> {
    private static final long STEAL_AFTER_MILLIS = 5;

    private final BlockingQueue<Message<T>> queue;
    private final int batchSize;
    private final List<Producer> producers = new ArrayList<>();
    private int producersLeft;
    private List<T> current = List.of();
    private int index;

    /**
     * @param producers how many producers there are; each calls {@link Producer#finish()} or
     *     {@link Producer#fail} once
     * @param batchSize items per batch
     * @param batches full batches the queue holds
     */
    HandOff(int producers, int batchSize, int batches) {
        this.producersLeft = producers;
        this.batchSize = batchSize;
        this.queue = new ArrayBlockingQueue<>(batches);
        for (int i = 0; i < producers; i++) {
            this.producers.add(new Producer());
        }
    }

    /** @return the most items that can be between the producers and the consumer */
    static int maxInFlight(int producers, int batchSize, int batches) {
        return (batches + producers + 1) * batchSize;
    }

    /** @return the producers, one for each producer thread */
    List<Producer> producers() {
        return producers;
    }

    /**
     * Takes the next item, blocking until one arrives.
     *
     * @return the item, or null when every producer finished
     * @throws RuntimeException what a producer {@linkplain Producer#fail failed} with
     * @throws InterruptedException when interrupted while waiting
     */
    T take() throws InterruptedException {
        while (true) {
            if (index < current.size()) {
                return current.get(index++);
            }
            if (producersLeft == 0) {
                return null;
            }
            Message<T> next = queue.poll();
            if (next == null) {
                next = await();
                if (next == null) {
                    continue;
                }
            }
            if (next instanceof Batch<T> batch) {
                batch.producer().queued.decrementAndGet();
                use(batch.items());
            } else if (next instanceof Failure<T> failure) {
                throw failure.error();
            } else {
                producersLeft--;
            }
        }
    }

    /** Waits for a message; meanwhile takes the partial batch of an idle producer, returning null then. */
    private Message<T> await() throws InterruptedException {
        while (true) {
            Message<T> next = queue.poll(STEAL_AFTER_MILLIS, TimeUnit.MILLISECONDS);
            if (next != null) {
                return next;
            }
            for (Producer producer : producers) {
                List<T> stolen = producer.steal();
                if (stolen != null) {
                    use(stolen);
                    return null;
                }
            }
        }
    }

    private void use(List<T> items) {
        current = items;
        index = 0;
    }

    /** Drops what is queued, so that producers blocked on a full queue can move on and see they are stopped. */
    void clear() {
        queue.clear();
    }

    /** The side of one producer thread. */
    final class Producer {
        private final ReentrantLock lock = new ReentrantLock();
        private final AtomicInteger queued = new AtomicInteger();
        private List<T> items = new ArrayList<>(batchSize);

        private Producer() {
        }

        /** Adds an item, blocking while the queue is full. */
        void add(T item) throws InterruptedException {
            lock.lock();
            try {
                items.add(item);
                if (items.size() == batchSize) {
                    flush();
                }
            } finally {
                lock.unlock();
            }
        }

        /** Hands over what is left and marks this producer's end. */
        void finish() throws InterruptedException {
            end(new Done<>());
        }

        /** Hands over what is left, then the failure, which the consumer throws when it reaches it. */
        void fail(RuntimeException error) throws InterruptedException {
            end(new Failure<>(error));
        }

        private void end(Message<T> last) throws InterruptedException {
            lock.lock();
            try {
                flush();
                queue.put(last);
            } finally {
                lock.unlock();
            }
        }

        private void flush() throws InterruptedException {
            if (!items.isEmpty()) {
                queued.incrementAndGet();
                queue.put(new Batch<>(this, items));
                items = new ArrayList<>(batchSize);
            }
        }

        /** The partial batch, when this producer is not adding and has nothing older queued; else null. */
        private List<T> steal() {
            if (!lock.tryLock()) {
                return null;
            }
            try {
                if (items.isEmpty() || queued.get() > 0) {
                    return null;
                }
                List<T> stolen = items;
                items = new ArrayList<>(batchSize);
                return stolen;
            } finally {
                lock.unlock();
            }
        }
    }

    private sealed interface Message<T> permits Batch, Done, Failure {
    }

    private record Batch<T>(HandOff<T>.Producer producer, List<T> items) implements Message<T> {
    }

    private record Done<T>() implements Message<T> {
    }

    private record Failure<T>(RuntimeException error) implements Message<T> {
    }
}
