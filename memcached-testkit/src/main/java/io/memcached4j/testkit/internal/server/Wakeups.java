package io.memcached4j.testkit.internal.server;

import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Times at which the server's loop must wake up to write held replies, in {@link System#nanoTime()}.
 * Touched only by the loop thread.
 *
 * @param <T> what to wake up
 */
final class Wakeups<T> {
    private record Wakeup<T>(long at, T target) {
    }

    private final PriorityQueue<Wakeup<T>> queue = new PriorityQueue<>((a, b) -> Long.compare(a.at() - b.at(), 0));

    /**
     * Schedules a wakeup.
     *
     * @param at the {@link System#nanoTime()} to wake up at
     * @param target what to wake up
     */
    void schedule(long at, T target) {
        queue.add(new Wakeup<>(at, target));
    }

    /**
     * @param now the current {@link System#nanoTime()}
     * @return how long the loop may block in {@code select}: 0 for indefinitely, else at least 1 ms
     */
    long selectTimeoutMillis(long now) {
        Wakeup<T> first = queue.peek();
        if (first == null) {
            return 0;
        }
        long nanos = first.at() - now;
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    /**
     * Hands every due target to {@code action}.
     *
     * @param now the current {@link System#nanoTime()}
     * @param action what to do with a target
     */
    void runDue(long now, Consumer<T> action) {
        while (!queue.isEmpty() && queue.peek().at() - now <= 0) {
            action.accept(queue.poll().target());
        }
    }
}
