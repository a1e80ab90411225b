package io.memcached4j.benchmarks;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** What one worker thread of a blocking workload does until the clock stops; shared by the workloads. */
final class Loops {
    private Loops() {
    }

    /** Blocking calls on random keys, 90% get and 10% set. */
    static void mixed(LoadClient client, KeySpace keys, RunClock clock, Tally tally) {
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

    /** Blocking gets of random keys. */
    static void gets(LoadClient client, KeySpace keys, RunClock clock, Tally tally) {
        while (clock.running()) {
            boolean measured = clock.measuring();
            try {
                tally.got(measured, client.get(keys.randomKey()));
            } catch (Exception e) {
                tally.error(measured, e);
            }
        }
    }

    /** Blocking sets of random keys, each storing the key space's value. */
    static void sets(LoadClient client, KeySpace keys, RunClock clock, Tally tally) {
        while (clock.running()) {
            boolean measured = clock.measuring();
            try {
                client.set(keys.randomKey(), keys.value());
                tally.done(measured);
            } catch (Exception e) {
                tally.error(measured, e);
            }
        }
    }

    /** Blocking multi-gets of {@code count} consecutive keys from a random start. */
    static void multiGets(LoadClient client, KeySpace keys, RunClock clock, Tally tally, int count) {
        while (clock.running()) {
            boolean measured = clock.measuring();
            List<String> window = keys.randomWindow(count);
            try {
                tally.gotMany(measured, window.size(), client.getMulti(window));
            } catch (Exception e) {
                tally.error(measured, e);
            }
        }
    }
}
