package io.memcached4j.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * What the workloads need from a client under test: each adapter calls its library the way the
 * library's documentation shows, with the library's default settings. Public only so that the
 * spymemcached adapter loaded by the AWS fork's class loader ({@link AwsSpymemcached}), in a
 * package of its own at run time, can implement it.
 */
public interface LoadClient extends AutoCloseable {
    /** Reads one value, blocking; null on a miss. */
    byte[] get(String key) throws Exception;

    /** Stores one value with no flags or expiration (as the library encodes a byte array), blocking. */
    void set(String key, byte[] value) throws Exception;

    /** Reads many keys in one multi-get, blocking; returns how many were found. */
    int getMulti(List<String> keys) throws Exception;

    /**
     * Starts a read; {@code done} receives the value (null on a miss) or the failure, on whatever
     * thread the library completes it.
     *
     * @throws UnsupportedOperationException when the library has no asynchronous get
     */
    void getAsync(String key, BiConsumer<byte[], Throwable> done) throws Exception;


    /**
     * Keeps {@code depth} gets in flight from the calling thread until the clock stops, then
     * waits for the last replies. The default uses {@link #getAsync} and a semaphore.
     */
    default void pipelinedGets(KeySpace keys, int depth, RunClock clock, Tally tally) throws InterruptedException {
        Semaphore permits = new Semaphore(depth);
        while (clock.running()) {
            permits.acquire();
            try {
                getAsync(keys.randomKey(), (value, error) -> {
                    if (error != null) {
                        tally.error(clock.measuring(), error);
                    } else {
                        tally.got(clock.measuring(), value);
                    }
                    permits.release();
                });
            } catch (Exception e) {
                tally.error(clock.measuring(), e);
                permits.release();
            }
        }
        if (!permits.tryAcquire(depth, 30, TimeUnit.SECONDS)) {
            tally.error(false, new IllegalStateException((depth - permits.availablePermits())
                    + " gets never completed within 30 s after the run"));
        }
    }

    /** Closes the client and stops its threads. */
    @Override
    void close() throws IOException;
}
