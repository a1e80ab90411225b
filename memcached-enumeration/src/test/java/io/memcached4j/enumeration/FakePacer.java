package io.memcached4j.enumeration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clock that moves only when {@link #sleep} is called, recording the pauses. */
final class FakePacer implements Pacer {
    final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private volatile long now = 1_000_000_000L;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleep(Duration pause) {
        pauses.add(pause);
        now += pause.toNanos();
    }

    Duration slept() {
        return pauses.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
