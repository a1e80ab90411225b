package io.memcached4j.transport.nio;

import io.memcached4j.testkit.process.MemcachedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a condition with a deadline, polling every millisecond: tests never sleep blindly. */
final class Conditions {
    private Conditions() {
    }

    /**
     * Waits until the condition holds.
     *
     * @param within the deadline
     * @param condition the condition
     * @param what a description for the failure message
     * @return the nanoseconds waited
     */
    static long await(Duration within, BooleanSupplier condition, String what) {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + within.toMillis() + " ms: " + what);
            }
            LockSupport.parkNanos(1_000_000L);
        }
        return System.nanoTime() - start;
    }

    /**
     * Pauses a memcached process and waits until every one of its threads is stopped: SIGSTOP is
     * delivered asynchronously, so a request sent right after {@code kill -STOP} may still be served.
     *
     * @param memcached the process
     */
    static void pause(MemcachedProcess memcached) {
        memcached.pause();
        Path tasks = Path.of("/proc", Long.toString(memcached.pid()), "task");
        await(Duration.ofSeconds(5), () -> allStopped(tasks), memcached + " is stopped");
    }

    private static boolean allStopped(Path tasks) {
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.allMatch(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // the state follows the parenthesized command name: "pid (comm) S ..."
                    char state = stat.charAt(stat.lastIndexOf(')') + 2);
                    return state == 'T' || state == 't';
                } catch (NoSuchFileException gone) {
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
