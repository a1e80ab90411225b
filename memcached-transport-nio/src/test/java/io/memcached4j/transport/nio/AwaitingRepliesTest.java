package io.memcached4j.transport.nio;

import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.core.codec.Request;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwaitingRepliesTest {
    private final List<Op<?, ?>> released = new ArrayList<>();
    private final AwaitingReplies awaiting = new AwaitingReplies(released::add,
            op -> new MemcachedTimeoutException("timed out at " + op.deadline));

    private static Op<String, String> op(long deadline) {
        return new Op<>(new Request.Version(), (request, reply) -> reply, null, 0L, deadline, true, null);
    }

    private static Op<?, ?> get(String key, long deadline) {
        return new Op<>(new Request.Retrieval(Request.RetrievalCommand.GET, List.of(key), 0), (request, reply) -> reply,
                null, 0L, deadline, true, null);
    }

    private static Throwable failure(Op<?, ?> op) {
        return assertThrows(CompletionException.class, op::join).getCause();
    }

    @Test
    void requestsCallersWroteComeBeforeOneTheLoopWroteAfterThem() {
        Op<String, String> first = op(100);
        Op<String, String> second = op(100);
        Op<String, String> third = op(100);
        awaiting.callerWrote(first);
        awaiting.callerWrote(second);
        awaiting.loopWrote(third);

        assertSame(first, awaiting.oldest());
        assertSame(first, awaiting.removeOldest());
        assertSame(second, awaiting.removeOldest());
        assertSame(third, awaiting.removeOldest());
        assertTrue(awaiting.isEmpty());
        assertEquals(List.of(first, second, third), released);
    }

    @Test
    void expiryCountsTheOldestAndFailsALaterOverdueOneWithoutCountingIt() {
        Op<String, String> oldest = op(10);
        Op<String, String> onTime = op(30);
        Op<String, String> behind = op(20); // a caller descheduled before submitting
        awaiting.loopWrote(oldest);
        awaiting.loopWrote(onTime);
        awaiting.loopWrote(behind);

        awaiting.expire(25);

        assertEquals(1, awaiting.timedOut());
        assertInstanceOf(MemcachedTimeoutException.class, failure(oldest));
        assertInstanceOf(MemcachedTimeoutException.class, failure(behind));
        assertFalse(onTime.isDone());
        assertFalse(awaiting.allTimedOut());

        // the late reply to the oldest is matched to it and dropped; the count goes down with it
        assertSame(oldest, awaiting.removeOldest());
        assertEquals(0, awaiting.timedOut());
        assertEquals(30, awaiting.oldestDeadline());
    }

    @Test
    void failingAllFailsOnlyWhatHasNotTimedOutAndReleasesEverything() {
        Op<String, String> timedOut = op(10);
        Op<String, String> live = op(50);
        awaiting.loopWrote(timedOut);
        awaiting.callerWrote(live);
        awaiting.expire(20);

        awaiting.failAll(() -> new MemcachedConnectionException("lost"));

        assertInstanceOf(MemcachedTimeoutException.class, failure(timedOut));
        assertInstanceOf(MemcachedConnectionException.class, failure(live));
        assertEquals(List.of(timedOut, live), released);
        assertTrue(awaiting.isEmpty());
        assertEquals(0, awaiting.timedOut());
    }

    @Test
    void theOldestFailsWithTheDesyncsCauseUnlessItTimedOut() {
        Op<String, String> oldest = op(10);
        awaiting.loopWrote(oldest);
        awaiting.expire(10);
        awaiting.failOldest(new IllegalStateException("desync"));
        assertTrue(released.isEmpty(), "a timed-out oldest request is left to failAll, which does not fail it again");

        awaiting.removeOldest();
        Op<String, String> next = op(100);
        awaiting.loopWrote(next);
        awaiting.failOldest(new IllegalStateException("desync"));
        assertEquals("desync", failure(next).getMessage());
    }

    @Test
    void eachMemberOfAGetBatchTimesOutAtItsOwnDeadlineWithAFailureOfItsOwn() {
        Op<?, ?>[] members = {get("a", 10), get("b", 30)};
        OpRing backlog = new OpRing();
        for (Op<?, ?> member : members) {
            backlog.add(member);
        }
        Op<?, ?> batch = GetBatch.of(backlog, 2);
        awaiting.loopWrote(batch);

        awaiting.expire(20);
        assertInstanceOf(MemcachedTimeoutException.class, failure(members[0]));
        assertFalse(members[1].isDone(), "the later member waits for its own deadline");
        assertEquals(0, awaiting.timedOut(), "the batch counts as timed out only once every member has");

        awaiting.expire(30);
        assertEquals(1, awaiting.timedOut());
        assertInstanceOf(MemcachedTimeoutException.class, failure(members[1]));
        assertNotSame(failure(members[0]), failure(members[1]));

        assertSame(batch, awaiting.removeOldest());
        assertEquals(List.of(batch), released);
    }
}
