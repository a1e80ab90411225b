package io.memcached4j.micrometer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters and maxima recorded on the request path and read at scrape time: a few long slots,
 * kept once per stripe, each stripe on cache lines of its own. A thread writes the stripe its id
 * picks (threads made one after another, such as a pool's, pick different stripes). The first
 * thread to write a stripe owns it: its id is kept in the stripe's first cell, so a write touches
 * only the stripe's own lines, and its writes are plain stores (release), no atomic instruction.
 * A thread whose stripe another owns takes the next free one; when every stripe has another owner,
 * it adds atomically to one stripe they share. A stripe whose owner died is freed when it is next
 * read, and also every {@link #SWEEP_EVERY} writes to the shared stripe, so that threads started
 * one after another between two reads (a scrape) still get stripes of their own. A maximum is raised with plain stores by its owner,
 * and taken (reset to 0) atomically by the reader, which loses no value. Nothing is allocated
 * after construction. A sum or a maximum read while threads write sees each stripe's latest
 * value, not one instant of all.
 */
final class Stripes {
    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle OWNERS = MethodHandles.arrayElementVarHandle(Thread[].class);
    /** Longs in a cache line (64 bytes): the padding before the first stripe and after each. */
    private static final int LINE = 8;
    /** Stripes a thread may own per instance: twice the processors, at least 4, at most 16 (a power of two). */
    static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());
    /** Writes to the shared stripe between two looks for stripes whose owner died (a power of two). */
    static final int SWEEP_EVERY = 1024;

    private final int slots;
    private final int stride;
    /** {@link #STRIPES} owned stripes, then the shared one; padded. A stripe's first cell holds its owner's id, 0 when free. */
    private final long[] cells;
    /** The owners' threads, for the reader to see which died; never read on the write path. */
    private final Thread[] owners = new Thread[STRIPES];
    /** Writes to the shared stripe, counted without synchronization: only a rough count is needed. */
    private int sharedWrites;

    /**
     * @param slots the slots per stripe, numbered from 0
     */
    Stripes(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("at least one slot, was " + slots);
        }
        this.slots = slots;
        this.stride = (slots + 1 + LINE - 1) / LINE * LINE + LINE;
        this.cells = new long[LINE + (STRIPES + 1) * stride];
    }

    /** @return the power of two from 4 to 16 nearest above twice the processors */
    static int stripes(int processors) {
        int wanted = Math.max(4, Math.min(16, 2 * processors));
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    /** @return the index of the owner cell of stripe {@code s} */
    private int base(int s) {
        return LINE + s * stride;
    }

    /**
     * @return the index of slot 0 in the stripe the calling thread owns (claimed if free), or
     *     {@code ~index} of slot 0 in the shared stripe when another thread owns it
     */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same number
    private int stripe() {
        Thread me = Thread.currentThread();
        long id = me.getId(); // never 0, never reused
        int first = (int) id & (STRIPES - 1);
        for (int k = 0; k < STRIPES; k++) { // the stripe the id picks, else the next one that is the thread's or free
            int s = (first + k) & (STRIPES - 1);
            int base = base(s);
            long owner = (long) CELLS.getOpaque(cells, base);
            if (owner == id) {
                return base + 1;
            }
            if (owner == 0 && CELLS.compareAndSet(cells, base, 0L, id)) {
                OWNERS.setRelease(owners, s, me);
                return base + 1;
            }
        }
        // every stripe has another owner: now and then free those whose owner died, though no reader came
        if ((++sharedWrites & (SWEEP_EVERY - 1)) == 0) {
            freeDeadOwners();
        }
        return ~(base(STRIPES) + 1);
    }

    /** @return whether the calling thread writes a stripe of its own (else the shared one) */
    boolean ownsStripe() {
        return stripe() >= 0;
    }

    private int check(int slot) {
        if (slot < 0 || slot >= slots) {
            throw new IndexOutOfBoundsException("slot " + slot + " of " + slots);
        }
        return slot;
    }

    private void add(int stripe, int slot, long delta) {
        if (stripe >= 0) {
            int i = stripe + slot;
            CELLS.setRelease(cells, i, (long) CELLS.getOpaque(cells, i) + delta);
        } else {
            CELLS.getAndAdd(cells, ~stripe + slot, delta);
        }
    }

    /** Adds to a slot. */
    void add(int slot, long delta) {
        add(stripe(), check(slot), delta);
    }

    /** Adds to two slots of the calling thread's stripe, such as a count and a total. */
    void add(int slot, long delta, int other, long otherDelta) {
        int stripe = stripe();
        add(stripe, check(slot), delta);
        add(stripe, check(other), otherDelta);
    }

    /**
     * Records one event of {@code value}, with one look for the calling thread's stripe: adds 1 to
     * {@code count}, the value to {@code total}, and raises {@code max} to it.
     */
    void record(int count, int total, int max, long value) {
        check(count);
        check(total);
        check(max);
        int stripe = stripe();
        add(stripe, count, 1);
        add(stripe, total, value);
        max(stripe, max, value);
    }

    /** Raises a slot to {@code value} when it is below; a slot used so holds a maximum (values ≥ 0). */
    void max(int slot, long value) {
        max(stripe(), check(slot), value);
    }

    private void max(int stripe, int slot, long value) {
        if (stripe >= 0) {
            int i = stripe + slot;
            if (value > (long) CELLS.getOpaque(cells, i)) { // only the reader's take changes it meanwhile, to 0
                CELLS.setRelease(cells, i, value);
            }
            return;
        }
        int i = ~stripe + slot;
        long now = (long) CELLS.getOpaque(cells, i);
        while (value > now) {
            long was = (long) CELLS.compareAndExchange(cells, i, now, value);
            if (was == now) {
                return;
            }
            now = was;
        }
    }

    /** Frees the stripes of threads that died (their values stay), so that new threads may own them. */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    private void freeDeadOwners() {
        for (int s = 0; s < STRIPES; s++) {
            Thread owner = (Thread) OWNERS.getAcquire(owners, s);
            // its last writes happened before this; the thread is forgotten before its cell is freed,
            // so that a new owner's thread, set after it claims the cell, is never forgotten instead
            if (owner != null && !owner.isAlive() && OWNERS.compareAndSet(owners, s, owner, null)) {
                CELLS.compareAndSet(cells, base(s), owner.getId(), 0L);
            }
        }
    }

    /** @return the slot's sum over all stripes */
    long sum(int slot) {
        check(slot);
        freeDeadOwners();
        long sum = 0;
        for (int i = LINE + 1 + slot; i < cells.length; i += stride) {
            sum += (long) CELLS.getAcquire(cells, i);
        }
        return sum;
    }

    /**
     * Takes a maximum slot: its largest value over all stripes, each stripe's reset to 0. A value
     * {@link #max} records at the same time is in this maximum or stays for the next (an owner
     * writes only a value above the one it read, which this take either returned or had reset).
     *
     * @return the largest value since the previous take, 0 when none
     */
    long takeMax(int slot) {
        check(slot);
        long max = 0;
        for (int i = LINE + 1 + slot; i < cells.length; i += stride) {
            max = Math.max(max, (long) CELLS.getAndSet(cells, i, 0L));
        }
        return max;
    }
}
