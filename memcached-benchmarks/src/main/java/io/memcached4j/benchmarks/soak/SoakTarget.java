package io.memcached4j.benchmarks.soak;

import io.memcached4j.ServerAddress;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.process.MemcachedProcess;

import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** A server the soak runs against, and the chaos it suffers (on a thread of its own). */
abstract class SoakTarget implements AutoCloseable {
    private final Map<String, Integer> events = new TreeMap<>();

    abstract String name();

    abstract ServerAddress address();

    /** Runs the chaos until {@code running} turns false, then leaves the server healthy. */
    abstract void chaos(SplittableRandom random, BooleanSupplier running);

    @Override
    public abstract void close();

    synchronized void event(String what) {
        events.merge(what, 1, Integer::sum);
    }

    /** @return how often each kind of chaos happened */
    synchronized Map<String, Integer> events() {
        return new TreeMap<>(events);
    }

    /** Waits up to {@code millis}, less if the run ends; a program's pacing, not a test's. */
    static void idle(long millis, BooleanSupplier running) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (running.getAsBoolean() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(20)));
        }
    }

    /** A real memcached, paused (shorter and longer than the timeout), killed and restarted on its port. */
    static final class Real extends SoakTarget {
        private final MemcachedProcess memcached = MemcachedProcess.builder().memoryMegabytes(256).start();

        @Override
        String name() {
            return "real memcached";
        }

        @Override
        ServerAddress address() {
            return memcached.address();
        }

        @Override
        void chaos(SplittableRandom random, BooleanSupplier running) {
            while (running.getAsBoolean()) {
                idle(2_000 + random.nextInt(3_000), running);
                if (!running.getAsBoolean()) {
                    break;
                }
                int pick = random.nextInt(10);
                if (pick < 3) {
                    memcached.pause();
                    event("pause 50-300 ms");
                    idle(50 + random.nextInt(250), () -> true);
                    memcached.resume();
                } else if (pick < 7) {
                    memcached.pause();
                    event("pause 0.3-3 s");
                    idle(300 + random.nextInt(2_700), () -> true);
                    memcached.resume();
                } else {
                    memcached.kill();
                    event("kill, restart after 0.1-2 s");
                    idle(100 + random.nextInt(1_900), () -> true);
                    memcached.restart();
                }
            }
        }

        @Override
        public void close() {
            memcached.close();
        }
    }

    /** The testkit's fake over TCP, with random faults that change every one to four seconds. */
    static final class Fake extends SoakTarget {
        /** No request log: it would keep the last 10,000 values alive, and the soak's own garbage collector pauses longer. */
        private final FakeMemcached fake = FakeMemcached.builder().memoryLimit(256L << 20).requestLogCapacity(0).start();

        @Override
        String name() {
            return "fake with faults";
        }

        @Override
        ServerAddress address() {
            return fake.address();
        }

        @Override
        void chaos(SplittableRandom random, BooleanSupplier running) {
            while (running.getAsBoolean()) {
                fake.faults().clear();
                double p = 0.0005 + random.nextDouble() * 0.01;
                switch (random.nextInt(9)) {
                    case 0 -> event("none");
                    case 1 -> {
                        fake.faults().on(r -> ThreadLocalRandom.current().nextDouble() < p)
                                .delay(Duration.ofMillis(50 + random.nextInt(1_500)));
                        event("delay 50-1550 ms");
                    }
                    case 2 -> {
                        fake.faults().on(r -> ThreadLocalRandom.current().nextDouble() < p / 10).stall();
                        event("stall");
                    }
                    case 3 -> {
                        fake.faults().on(r -> ThreadLocalRandom.current().nextDouble() < p).replyServerError("chaos");
                        event("SERVER_ERROR");
                    }
                    case 4 -> {
                        fake.faults().on(r -> ThreadLocalRandom.current().nextDouble() < p)
                                .replyBytes("HTTP/1.1 400 Bad Request\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        event("garbage reply");
                    }
                    case 5 -> {
                        fake.faults().on(r -> ThreadLocalRandom.current().nextDouble() < p).closeConnection();
                        event("close connection");
                    }
                    case 6 -> {
                        fake.faults().on(r -> ThreadLocalRandom.current().nextDouble() < p).truncateReply(1 + random.nextInt(40));
                        event("truncated reply");
                    }
                    case 7 -> {
                        fake.faults().closeConnectionsAfterRequests(50 + random.nextInt(5_000));
                        event("close after n requests");
                    }
                    default -> {
                        fake.faults().closeConnectionsAfterBytes(1_000 + random.nextInt(1_000_000));
                        event("close after n bytes");
                    }
                }
                idle(1_000 + random.nextInt(3_000), running);
            }
            fake.faults().clear();
        }

        @Override
        public void close() {
            fake.close();
        }
    }
}
