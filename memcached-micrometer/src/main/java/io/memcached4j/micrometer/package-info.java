/**
 * Binds memcached4j clients to Micrometer: {@link io.memcached4j.micrometer.MemcachedMetrics} makes a
 * {@link io.memcached4j.ClientListener} that records request timers, hits and misses, errors,
 * requests in flight and connection events in a {@link io.micrometer.core.instrument.MeterRegistry},
 * and optionally an {@link io.micrometer.observation.Observation} per request.
 */
package io.memcached4j.micrometer;
