package io.memcached4j.testkit.junit;

import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.process.RawTextSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Concurrent tests sharing one per-class fake: they all get the same instance, and see each other's writes. */
@WithFakeMemcached(scope = WithFakeMemcached.Scope.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT)
class ParallelPerClassFakeTest {
    private static final int TESTS = 6;
    private static final CyclicBarrier TWO_AT_ONCE = new CyclicBarrier(2);
    private static final Set<FakeMemcached> FAKES = ConcurrentHashMap.newKeySet();
    private static final Set<String> KEYS = ConcurrentHashMap.newKeySet();

    @RepeatedTest(TESTS)
    void concurrentTestsShareTheClassFake(FakeMemcached fake, RepetitionInfo repetition) throws Exception {
        TWO_AT_ONCE.await(10, TimeUnit.SECONDS);
        FAKES.add(fake);
        String key = "k" + repetition.getCurrentRepetition();
        KEYS.add(key);
        assertEquals(List.of("STORED"), RawTextSession.exchange(fake.address(), "set " + key + " 0 0 1\r\nv\r\n", null));
    }

    @AfterAll
    static void oneFakeHoldsEveryTestsKey(FakeMemcached fake) {
        assertEquals(Set.of(fake), FAKES);
        assertEquals(TESTS, KEYS.size());
        assertEquals(TESTS, fake.itemCount());
    }
}
