/**
 * Key enumeration with {@code lru_crawler metadump}, and capability detection, over any transport.
 * Provides {@link io.memcached4j.spi.KeyEnumeratorProvider} and
 * {@link io.memcached4j.spi.CapabilityDetectorProvider}; its other types are internal.
 */
module io.memcached4j.enumeration {
    requires io.memcached4j;

    provides io.memcached4j.spi.KeyEnumeratorProvider
            with io.memcached4j.enumeration.LruCrawlerKeyEnumeratorProvider;
    provides io.memcached4j.spi.CapabilityDetectorProvider
            with io.memcached4j.enumeration.ProbingCapabilityDetectorProvider;
}
