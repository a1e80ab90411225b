package io.memcached4j.testkit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The requests a fake received: a snapshot list and a queue for {@code takeRequest}, both keeping
 * the most recent {@code capacity} requests. Thread-safe.
 */
final class RequestLog {
    private final int capacity;
    private final ArrayDeque<RecordedRequest> all = new ArrayDeque<>();
    private final ArrayDeque<RecordedRequest> untaken = new ArrayDeque<>();
    private long count;

    RequestLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(RecordedRequest request) {
        count++;
        if (capacity == 0) {
            return;
        }
        all.add(request);
        untaken.add(request);
        if (all.size() > capacity) {
            all.poll();
        }
        if (untaken.size() > capacity) {
            untaken.poll();
        }
        notifyAll();
    }

    synchronized RecordedRequest take(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (untaken.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return untaken.poll();
    }

    synchronized List<RecordedRequest> snapshot() {
        return List.copyOf(all);
    }

    synchronized long count() {
        return count;
    }

    synchronized void clear() {
        all.clear();
        untaken.clear();
        count = 0;
    }
}
