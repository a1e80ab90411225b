package io.memcached4j.benchmarks.soak;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SoakTallyTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aFutureLateWhileTheMachineStalledIsToldApartFromOneLateWhileItRan() {
        SoakTally tally = new SoakTally(1000 * MS);
        long start = System.nanoTime();
        tally.finished("get", start, start + 1300 * MS, null); // due at start + 1000 ms, completed 300 ms late
        tally.finished("set", start, start + 1050 * MS, null); // within 100 ms of its timeout
        assertEquals(1, tally.late.sum());

        SchedulingProbe quiet = new SchedulingProbe(() -> false);
        assertEquals(1, tally.lateWithoutStall(quiet), "no stall: the client is at fault");

        SchedulingProbe stalledMeanwhile = new SchedulingProbe(() -> false);
        stalledMeanwhile.stalled(start + 1100 * MS, start + 1250 * MS);
        assertEquals(0, tally.lateWithoutStall(stalledMeanwhile), "the machine ran nothing while it was late");

        SchedulingProbe stalledJustAfter = new SchedulingProbe(() -> false);
        long completed = start + 1300 * MS;
        stalledJustAfter.stalled(completed + 50 * MS, completed + 300 * MS);
        assertEquals(0, tally.lateWithoutStall(stalledJustAfter), "a stall the probe noticed within 100 ms counts");

        SchedulingProbe stalledLongBefore = new SchedulingProbe(() -> false);
        stalledLongBefore.stalled(start - 5000 * MS, start - 4000 * MS);
        assertEquals(1, tally.lateWithoutStall(stalledLongBefore), "a stall long before explains nothing");
    }
}
