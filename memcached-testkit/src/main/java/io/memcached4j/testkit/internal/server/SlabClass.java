package io.memcached4j.testkit.internal.server;

/**
 * One slab class of the fake's slab model: its pages, the chunks its items use and the bytes
 * they asked for, and the counters memcached keeps per class ({@code stats slabs} and
 * {@code stats items}), from which the server-wide counters are summed as memcached sums them.
 * Guarded by the engine's lock.
 */
final class SlabClass {
    final int id;
    final int chunkSize;
    final long chunksPerPage;

    /** Pages given to the class; memcached never takes a page back (no slab rebalancing here). */
    long pages;
    long usedChunks;
    /** memcached's {@code mem_requested}: the bytes the class's items asked for. */
    long memRequested;
    long items;

    // memcached's per-class thread statistics (stats slabs)
    long getHits;
    long setCmds;
    long deleteHits;
    long incrHits;
    long decrHits;
    long casHits;
    long casBadval;
    long touchHits;

    // memcached's per-class item statistics (stats items)
    long evicted;
    long evictedNonzero;
    long evictedUnfetched;
    long outOfMemory;
    long reclaimed;
    long expiredUnfetched;

    SlabClass(int id, int chunkSize, long chunksPerPage) {
        this.id = id;
        this.chunkSize = chunkSize;
        this.chunksPerPage = chunksPerPage;
    }

    long totalChunks() {
        return pages * chunksPerPage;
    }

    /** Zeroes what {@code stats reset} resets: the counters, not the memory. */
    void resetCounters() {
        getHits = setCmds = deleteHits = incrHits = decrHits = casHits = casBadval = touchHits = 0;
        evicted = evictedNonzero = evictedUnfetched = outOfMemory = reclaimed = expiredUnfetched = 0;
    }
}
