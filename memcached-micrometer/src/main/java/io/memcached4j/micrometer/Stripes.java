package io.memcached4j.micrometer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters and maxima recorded on the request path and read at scrape time: a few long slots,
 * kept once per stripe, each stripe on cache lines of its own. A thread writes the stripe its id
 * picks (threads made one after another, such as a pool's, pick different stripes), so threads
 * seldom write the same line; a write is one atomic add, or for a maximum a read and, only when
 * the value is larger, a compare-and-set. Nothing is allocated after construction. A sum or a
 * maximum read while threads write sees each stripe's latest value, not one instant of all.
 */
final class Stripes {
    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs in a cache line (64 bytes): the padding before the first stripe and after each. */
    private static final int LINE = 8;
    /** Stripes per instance: twice the processors, at least 4, at most 16 (a power of two). */
    static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());

    private final int slots;
    private final int stride;
    private final long[] cells;

    /**
     * @param slots the slots per stripe, numbered from 0
     */
    Stripes(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("at least one slot, was " + slots);
        }
        this.slots = slots;
        this.stride = (slots + LINE - 1) / LINE * LINE + LINE;
        this.cells = new long[LINE + STRIPES * stride];
    }

    /** @return the power of two from 4 to 16 nearest above twice the processors */
    static int stripes(int processors) {
        int wanted = Math.max(4, Math.min(16, 2 * processors));
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    /** @return the index of slot 0 in the calling thread's stripe */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same number
    private int base() {
        return LINE + ((int) Thread.currentThread().getId() & (STRIPES - 1)) * stride;
    }

    private int check(int slot) {
        if (slot < 0 || slot >= slots) {
            throw new IndexOutOfBoundsException("slot " + slot + " of " + slots);
        }
        return slot;
    }

    /** Adds to a slot. */
    void add(int slot, long delta) {
        CELLS.getAndAdd(cells, base() + check(slot), delta);
    }

    /** Adds to two slots of the calling thread's stripe, such as a count and a total. */
    void add(int slot, long delta, int other, long otherDelta) {
        int base = base();
        CELLS.getAndAdd(cells, base + check(slot), delta);
        CELLS.getAndAdd(cells, base + check(other), otherDelta);
    }

    /** Raises a slot to {@code value} when it is below; a slot used so holds a maximum (values ≥ 0). */
    void max(int slot, long value) {
        int i = base() + check(slot);
        long now = (long) CELLS.getOpaque(cells, i);
        while (value > now) {
            long was = (long) CELLS.compareAndExchange(cells, i, now, value);
            if (was == now) {
                return;
            }
            now = was;
        }
    }

    /** @return the slot's sum over all stripes */
    long sum(int slot) {
        check(slot);
        long sum = 0;
        for (int i = LINE + slot; i < cells.length; i += stride) {
            sum += (long) CELLS.getVolatile(cells, i);
        }
        return sum;
    }

    /**
     * Takes a maximum slot: its largest value over all stripes, each stripe's reset to 0. A value
     * {@link #max} records at the same time is in this maximum or stays for the next.
     *
     * @return the largest value since the previous take, 0 when none
     */
    long takeMax(int slot) {
        check(slot);
        long max = 0;
        for (int i = LINE + slot; i < cells.length; i += stride) {
            max = Math.max(max, (long) CELLS.getAndSet(cells, i, 0L));
        }
        return max;
    }
}
