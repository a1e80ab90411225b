package io.memcached4j.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The four workloads; each runs against a prefilled key space for a fixed duration. */
enum Workload {
    /** 4 threads of blocking calls, 90% get and 10% set. */
    SYNC_MIXED("sync-4t", "4 threads, blocking get/set 90/10", 4) {
        @Override
        void work(LoadClient client, KeySpace keys, RunClock clock, Tally tally, Latencies latencies) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (clock.running()) {
                boolean measured = clock.measuring();
                String key = keys.randomKey();
                try {
                    if (random.nextInt(10) == 0) {
                        client.set(key, keys.value());
                        tally.done(measured);
                    } else {
                        tally.got(measured, client.get(key));
                    }
                } catch (Exception e) {
                    tally.error(measured, e);
                }
            }
        }
    },
    /** 64 threads of blocking calls, 90% get and 10% set: many callers per connection. */
    SYNC_MIXED_64("sync-64t", "64 threads, blocking get/set 90/10", 64) {
        @Override
        void work(LoadClient client, KeySpace keys, RunClock clock, Tally tally, Latencies latencies)
                throws InterruptedException {
            SYNC_MIXED.work(client, keys, clock, tally, latencies);
        }
    },
    /** 1 thread keeping 256 gets in flight. */
    ASYNC("async-256", "1 thread, 256 async gets in flight", 1) {
        @Override
        void work(LoadClient client, KeySpace keys, RunClock clock, Tally tally, Latencies latencies)
                throws InterruptedException {
            client.pipelinedGets(keys, ASYNC_DEPTH, clock, tally);
        }
    },
    /** 2 threads of blocking 100-key multi-gets. */
    MULTI_GET("multiget-100", "2 threads, blocking 100-key multi-gets", 2) {
        @Override
        void work(LoadClient client, KeySpace keys, RunClock clock, Tally tally, Latencies latencies) {
            while (clock.running()) {
                boolean measured = clock.measuring();
                List<String> window = keys.randomWindow(MULTI_GET_KEYS);
                try {
                    tally.gotMany(measured, window.size(), client.getMulti(window));
                } catch (Exception e) {
                    tally.error(measured, e);
                }
            }
        }
    },
    /** 1 thread of blocking gets, each round trip timed. */
    LATENCY("sync-1t", "1 thread, blocking gets (round-trip latency)", 1) {
        @Override
        void work(LoadClient client, KeySpace keys, RunClock clock, Tally tally, Latencies latencies) {
            while (clock.running()) {
                boolean measured = clock.measuring();
                String key = keys.randomKey();
                long start = System.nanoTime();
                try {
                    byte[] value = client.get(key);
                    if (measured) {
                        latencies.record(System.nanoTime() - start);
                    }
                    tally.got(measured, value);
                } catch (Exception e) {
                    tally.error(measured, e);
                }
            }
        }
    };

    static final int ASYNC_DEPTH = 256;
    static final int MULTI_GET_KEYS = 100;

    private final String id;
    private final String description;
    private final int threads;

    Workload(String id, String description, int threads) {
        this.id = id;
        this.description = description;
        this.threads = threads;
    }

    /** The name used on the command line and in the results. */
    String id() {
        return id;
    }

    String description() {
        return description;
    }

    /** Whether the workload reports latency percentiles. */
    boolean timesRoundTrips() {
        return this == LATENCY;
    }

    /** What one worker thread does until the clock stops. */
    abstract void work(LoadClient client, KeySpace keys, RunClock clock, Tally tally, Latencies latencies)
            throws InterruptedException;

    /**
     * Runs this workload's threads through the warm-up and the measured window, timed from the
     * calling thread, and returns what the measured window counted.
     */
    Measurement run(LoadClient client, KeySpace keys, Duration warmUp, Duration measured)
            throws InterruptedException {
        RunClock clock = new RunClock();
        Tally tally = new Tally(keys.valueSize());
        Latencies latencies = new Latencies();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> {
                try {
                    work(client, keys, clock, tally, latencies);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    tally.error(true, e);
                }
            }, "load-" + id + "-" + i);
            workers.add(worker);
            worker.start();
        }
        clock.drive(warmUp, measured);
        for (Thread worker : workers) {
            worker.join();
        }
        latencies.sort();
        long ops = tally.operations();
        return new Measurement(ops / clock.measuredSeconds(), ops, tally.misses(), tally.errors(),
                latencies.percentile(50), latencies.percentile(99),
                ops == 0 ? -1 : (double) clock.measuredCpuNanos() / ops, tally.firstError());
    }

    /** Finds a workload by its {@link #id()}. */
    static Workload byId(String id) {
        for (Workload workload : values()) {
            if (workload.id.equals(id)) {
                return workload;
            }
        }
        throw new IllegalArgumentException("unknown workload " + id);
    }

    /**
     * What one run measured; the percentiles are -1 for workloads that do not time round trips,
     * and {@code cpuNanosPerOp} is the client JVM's CPU time per operation.
     */
    record Measurement(double opsPerSecond, long operations, long misses, long errors, long p50Nanos, long p99Nanos,
                       double cpuNanosPerOp, Throwable firstError) {
    }
}
