package io.memcached4j.transport.nio;

import io.memcached4j.core.codec.Request;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpQueueTest {

    private static Op<String, String> op(long sequence) {
        return new Op<>(new Request.Version(), (request, reply) -> reply, null, 0L, sequence, false, null);
    }

    @Test
    void isFifoForOneProducer() {
        OpQueue queue = new OpQueue();
        assertTrue(queue.isEmpty());
        assertNull(queue.poll());
        List<Op<String, String>> ops = List.of(op(1), op(2), op(3));
        ops.forEach(queue::offer);
        assertTrue(!queue.isEmpty());
        for (Op<String, String> expected : ops) {
            assertSame(expected, queue.poll());
        }
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
    }

    @Test
    void losesNothingAndKeepsEachProducersOrderUnderContention() throws Exception {
        int producers = 4;
        int perProducer = 100_000;
        OpQueue queue = new OpQueue();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long base = (long) p << 32;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    queue.offer(op(base | i));
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        long[] next = new long[producers];
        int received = 0;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (received < producers * perProducer) {
            Op<?, ?> op = queue.poll();
            if (op == null) {
                assertTrue(System.nanoTime() < deadline, "ops lost: only " + received + " arrived");
                Thread.onSpinWait();
                continue;
            }
            int producer = (int) (op.deadline >>> 32);
            assertEquals(next[producer]++, op.deadline & 0xffffffffL, "order of producer " + producer);
            received++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertNull(queue.poll());
        assertTrue(queue.isEmpty());
    }
}
