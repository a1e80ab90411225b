package io.memcached4j.testkit.junit;

import io.memcached4j.ServerAddress;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.process.RawTextSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tests running at the same time, each with its own fake: the rendezvous only completes when two
 * tests run concurrently, so this class fails if JUnit runs it sequentially.
 */
@WithFakeMemcached
@Execution(ExecutionMode.CONCURRENT)
class ParallelPerTestFakesTest {
    private static final CyclicBarrier TWO_AT_ONCE = new CyclicBarrier(2);
    private static final Set<Integer> PORTS = ConcurrentHashMap.newKeySet();

    @RepeatedTest(6)
    void eachConcurrentTestHasItsOwnFake(FakeMemcached fake, ServerAddress address) throws Exception {
        assertEquals(List.of("STORED"), RawTextSession.exchange(address, "set mine 0 0 1\r\nv\r\n", null));
        TWO_AT_ONCE.await(10, TimeUnit.SECONDS);
        assertEquals(1, fake.itemCount(), "no other test wrote into this fake");
        assertEquals(1, fake.requestCount());
        PORTS.add(fake.port());
    }

    @AfterAll
    static void everyTestHadAnotherFake() {
        assertEquals(6, PORTS.size());
    }
}
