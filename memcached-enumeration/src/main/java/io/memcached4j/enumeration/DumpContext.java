package io.memcached4j.enumeration;

import io.memcached4j.EnumerationOptions;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every server dump of one enumerator shares: its options, the wait allowed for each line,
 * the pacer of retries, and the tallies it reports.
 *
 * @param options the options
 * @param timeout the longest wait for a connection, a line, or a busy crawler
 * @param pacer clock and pauses
 * @param unparsedLines lines that could not be parsed, over every dump of the enumerator
 * @param partialServers servers read with the {@code stats cachedump} fallback
 */
record DumpContext(EnumerationOptions options, Duration timeout, Pacer pacer,
                   AtomicLong unparsedLines, AtomicLong partialServers) {

    /** Tells whether a key passes the prefix filter. */
    boolean wanted(String key) {
        return key.startsWith(options.keyPrefix());
    }
}
