package io.memcached4j.testkit.server;

import java.util.Arrays;

/**
 * memcached's slab class table: chunk sizes from 96 bytes growing by the factor 1.25, aligned
 * to 8 bytes, up to the largest chunk; an item's class is the first whose chunk fits it.
 */
final class SlabClasses {
    static final int PAGE_SIZE = 1024 * 1024;
    private static final int ITEM_HEADER = 48;
    private static final int MIN_CHUNK = 48;
    private static final double FACTOR = 1.25;
    private static final int ALIGN = 8;

    private final int[] sizes; // index = class id; 0 unused
    private final int chunkMax;

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
}
