package io.memcached4j.testkit.server;

/** The engine's counters, named after memcached's statistics. Guarded by the engine's lock. */
final class Stats {
    long getCmds;
    long getHits;
    long getMisses;
    long getExpired;
    long getFlushed;
    long setCmds;
    long flushCmds;
    long touchCmds;
    long touchHits;
    long touchMisses;
    long metaCmds;
    long deleteHits;
    long deleteMisses;
    long incrHits;
    long incrMisses;
    long decrHits;
    long decrMisses;
    long casHits;
    long casMisses;
    long casBadval;
    long storeTooLarge;
    long storeNoMemory;
    long evictions;
    long evictedUnfetched;
    long expiredUnfetched;
    long reclaimed;
    long totalItems;
    long bytesRead;
    long bytesWritten;

    /** Zeroes what {@code stats reset} resets. */
    void reset() {
        getCmds = getHits = getMisses = getExpired = getFlushed = setCmds = flushCmds = 0;
        touchCmds = touchHits = touchMisses = metaCmds = deleteHits = deleteMisses = 0;
        incrHits = incrMisses = decrHits = decrMisses = casHits = casMisses = casBadval = 0;
        storeTooLarge = storeNoMemory = evictions = evictedUnfetched = expiredUnfetched = reclaimed = 0;
        totalItems = bytesRead = bytesWritten = 0;
    }
}
