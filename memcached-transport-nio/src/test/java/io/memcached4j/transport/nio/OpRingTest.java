package io.memcached4j.transport.nio;

import io.memcached4j.core.codec.Request;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpRingTest {

    @Test
    void behavesAsAFifoWithIndexedAccessAcrossWrapAndGrowth() {
        OpRing ring = new OpRing();
        ArrayDeque<Op<?, ?>> model = new ArrayDeque<>();
        long sequence = 0;
        for (int round = 0; round < 200; round++) {
            int adds = (round * 7) % 23 + 1;
            for (int i = 0; i < adds; i++) {
                Op<String, String> op = new Op<>(new Request.Version(), (request, reply) -> reply, null, 0L, sequence++, false, null);
                ring.add(op);
                model.add(op);
            }
            int index = 0;
            for (Op<?, ?> expected : model) {
                assertSame(expected, ring.get(index++));
            }
            int polls = (round * 5) % 19;
            for (int i = 0; i < polls && !model.isEmpty(); i++) {
                assertSame(model.peek(), ring.peek());
                assertSame(model.poll(), ring.poll());
            }
            assertEquals(model.size(), ring.size());
        }
        while (!model.isEmpty()) {
            assertSame(model.poll(), ring.poll());
        }
        assertTrue(ring.isEmpty());
        assertNull(ring.poll());
        assertNull(ring.peek());
    }
}
