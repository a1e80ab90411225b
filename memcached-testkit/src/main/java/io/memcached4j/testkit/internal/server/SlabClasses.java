package io.memcached4j.testkit.internal.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * memcached's slab classes: chunk sizes from 96 bytes growing by the factor 1.25, aligned to 8
 * bytes, up to the largest chunk; an item's class is the first whose chunk fits it. Each
 * {@link SlabClass} takes a page of 1 MiB when its chunks run out, as memcached's allocator
 * does, and keeps it. An item larger than the largest chunk takes as many chunks of the largest
 * class as it needs (memcached also puts a small header in another class; not modelled).
 * Guarded by the engine's lock.
 */
final class SlabClasses {
    static final int PAGE_SIZE = 1024 * 1024;
    private static final int ITEM_HEADER = 48;
    private static final int MIN_CHUNK = 48;
    private static final double FACTOR = 1.25;
    private static final int ALIGN = 8;

    private final int[] sizes; // index = class id; 0 unused
    private final int chunkMax;
    private final SlabClass[] classes;

    SlabClasses(int itemSizeMax) {
        chunkMax = Math.min(PAGE_SIZE / 2, itemSizeMax / 2);
        int[] table = new int[64];
        int i = 0;
        int size = ITEM_HEADER + MIN_CHUNK;
        while (++i < 63) {
            if (size >= chunkMax / FACTOR) {
                break;
            }
            if (size % ALIGN != 0) {
                size += ALIGN - size % ALIGN;
            }
            table[i] = size;
            size = (int) (size * FACTOR);
        }
        table[i] = chunkMax;
        sizes = Arrays.copyOf(table, i + 1);
        classes = new SlabClass[sizes.length];
        for (int id = 1; id < sizes.length; id++) {
            classes[id] = new SlabClass(id, sizes[id], Math.max(1, PAGE_SIZE / sizes[id]));
        }
    }

    /** @return the largest class id */
    int largest() {
        return sizes.length - 1;
    }

    /** @return the chunk size of a class */
    int chunkSize(int id) {
        return sizes[id];
    }

    /** @return the class of an item of {@code total} bytes (the largest class for chunked items) */
    int classOf(long total) {
        for (int id = 1; id < sizes.length; id++) {
            if (total <= sizes[id]) {
                return id;
            }
        }
        return largest();
    }

    /** @return the bytes the item occupies in memory: its chunk, or its total when chunked */
    long footprint(long total) {
        int id = classOf(total);
        return total > sizes[id] ? total : sizes[id];
    }

    /** @return the class an item of {@code total} bytes is stored in */
    SlabClass of(long total) {
        return classes[classOf(total)];
    }

    private long chunks(long total) {
        return total > chunkMax ? (total + chunkMax - 1) / chunkMax : 1;
    }

    /**
     * memcached allocating an item: its class takes pages until the item's chunks fit. A store
     * allocates its item before it knows whether the item will be linked, so a refused
     * {@code add} still gives its class a page.
     */
    void reserve(long total) {
        SlabClass c = of(total);
        long needed = c.usedChunks + chunks(total);
        while (c.totalChunks() < needed) {
            c.pages++;
        }
    }

    /** Accounts a linked item of {@code total} bytes. */
    void allocate(long total) {
        reserve(total);
        SlabClass c = of(total);
        c.usedChunks += chunks(total);
        c.memRequested += total;
        c.items++;
    }

    /** Gives back the memory of an unlinked item of {@code total} bytes (its pages stay with its class). */
    void free(long total) {
        SlabClass c = of(total);
        c.usedChunks -= chunks(total);
        c.memRequested -= total;
        c.items--;
    }

    /** @return the classes that have pages, by id, as {@code stats slabs} lists them */
    List<SlabClass> withPages() {
        List<SlabClass> used = new ArrayList<>();
        for (int id = 1; id < classes.length; id++) {
            if (classes[id].pages > 0) {
                used.add(classes[id]);
            }
        }
        return used;
    }

    /** @return a counter summed over every class, as memcached's server-wide statistics are */
    long sum(ToLongFunction<SlabClass> counter) {
        long total = 0;
        for (int id = 1; id < classes.length; id++) {
            total += counter.applyAsLong(classes[id]);
        }
        return total;
    }

    /** Zeroes every class's counters, for {@code stats reset}. */
    void resetCounters() {
        for (int id = 1; id < classes.length; id++) {
            classes[id].resetCounters();
        }
    }
}
