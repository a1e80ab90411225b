/**
 * Micrometer metrics and Observation spans for memcached4j clients:
 * {@link io.memcached4j.micrometer.MemcachedMetrics}. Optional: the API does not depend on it.
 */
module io.memcached4j.micrometer {
    requires transitive io.memcached4j;
    requires transitive micrometer.core;
    requires transitive micrometer.observation;

    exports io.memcached4j.micrometer;
}
