package io.memcached4j.benchmarks;

/**
 * The main table's workloads; each runs against a prefilled key space for a fixed duration. The
 * growth tables' are {@link GrowthWorkload}'s.
 */
enum Workload implements Scenario {
    /** 4 threads of blocking calls, 90% get and 10% set. */
    SYNC_MIXED("sync-4t", "4 threads, blocking get/set 90/10", 4) {
        @Override
        void work(LoadClient client, KeySpace keys, RunClock clock, Tally tally, Latencies latencies) {
            Loops.mixed(client, keys, clock, tally);
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
            Loops.multiGets(client, keys, clock, tally, MULTI_GET_KEYS);
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

    /** What one worker thread does until the clock stops. */
    abstract void work(LoadClient client, KeySpace keys, RunClock clock, Tally tally, Latencies latencies)
            throws InterruptedException;

    @Override
    public void runThread(LoadClient client, KeySpace keys, RunClock clock, Tally tally, Latencies latencies)
            throws InterruptedException {
        work(client, keys, clock, tally, latencies);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public boolean timesRoundTrips() {
        return this == LATENCY;
    }
}
