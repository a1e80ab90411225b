package io.memcached4j.testkit.internal.server;

/**
 * The engine's server-wide counters, named after memcached's statistics. The counters memcached
 * keeps per slab class (hits, sets, evictions, reclaims) live in each {@link SlabClass} and are
 * summed for {@code stats}. Guarded by the engine's lock.
 */
final class Stats {
    long getCmds;
    long getMisses;
    long getExpired;
    long getFlushed;
    long flushCmds;
    long touchCmds;
    long touchMisses;
    long metaCmds;
    long deleteMisses;
    long incrMisses;
    long decrMisses;
    long casMisses;
    long storeTooLarge;
    long storeNoMemory;
    long totalItems;
    long bytesRead;
    long bytesWritten;

    /** Zeroes what {@code stats reset} resets. */
    void reset() {
        getCmds = getMisses = getExpired = getFlushed = flushCmds = 0;
        touchCmds = touchMisses = metaCmds = deleteMisses = 0;
        incrMisses = decrMisses = casMisses = 0;
        storeTooLarge = storeNoMemory = 0;
        totalItems = bytesRead = bytesWritten = 0;
    }
}
