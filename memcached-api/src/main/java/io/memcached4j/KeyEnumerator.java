package io.memcached4j;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists the keys of live servers with their metadata, using {@code lru_crawler metadump} on
 * connections of their own ({@link MemcachedClient#openLineConnection}), at the consumer's pace.
 * Immutable: the {@code with...} methods return new enumerators. {@link Memcached#keyEnumerator} makes one.
 *
 * <p>Lines that cannot be parsed are counted and logged, never silently dropped; a server older
 * than 1.4.31 raises {@link UnsupportedVersionException} unless the cachedump fallback is allowed.
 */
public interface KeyEnumerator {

    /**
     * Reads every key of every server into a list. For large caches prefer {@link #stream()}.
     *
     * @return the keys
     */
    List<KeyInfo> enumerateAll();

    /**
     * Streams the keys of every server, dumped concurrently, lazily. Close the stream (try-with-resources)
     * to release its connections at once when stopping early.
     *
     * @return the stream
     */
    Stream<KeyInfo> stream();

    /**
     * Returns an enumerator whose every wait (connecting, each line) is bounded by this timeout.
     *
     * @param timeout positive
     * @return a new enumerator
     */
    KeyEnumerator withTimeout(Duration timeout);

    /**
     * Returns an enumerator with other options.
     *
     * @param options the options
     * @return a new enumerator
     */
    KeyEnumerator withOptions(EnumerationOptions options);
}
