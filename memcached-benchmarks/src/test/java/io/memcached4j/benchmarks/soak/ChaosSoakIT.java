package io.memcached4j.benchmarks.soak;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short chaos soak CI runs: 60 seconds (system property {@code soak.seconds}) of 8 threads per
 * target against a real memcached that is paused, killed and restarted, and against the fake with
 * random faults.
 */
class ChaosSoakIT {

    @Test
    void noWrongValueNoLateFutureNoLeak() {
        long seconds = Long.getLong("soak.seconds", 60);
        long seed = Long.getLong("soak.seed", System.nanoTime());
        ChaosSoak.Result result = ChaosSoak.run(new ChaosSoak.Options(Duration.ofSeconds(seconds), 8, Duration.ofSeconds(1),
                List.of("real", "fake"), seed));
        System.out.println(result.report());
        assertTrue(result.requests() > 10_000, "the soak ran: " + result.requests() + " requests\n" + result.report());
        assertEquals(0, result.wrongValues(), "values delivered to the wrong key\n" + result.report());
        assertEquals(0, result.late(), "futures that outlived their timeout by more than 100 ms while the machine ran this JVM\n" + result.report());
        assertTrue(result.threadsAfter() <= result.threadsBefore(), "threads left behind\n" + result.report());
        assertTrue(result.fdsAfter() <= result.fdsBefore(), "file descriptors left open\n" + result.report());
    }
}
