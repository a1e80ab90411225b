package io.memcached4j.micrometer;

import io.memcached4j.ClientConfig;
import io.memcached4j.ClientListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.observation.ObservationRegistry;

import java.util.Objects;

/**
 * Binds memcached4j clients to Micrometer with one call:
 * {@code MemcachedMetrics.bind(ClientConfig.builder().servers(...), registry)}. The meters, all
 * tagged with {@code server} ({@code host:port}) and the tags given to the {@link Builder}:
 * <ul>
 *   <li>{@value #REQUESTS} (timer; tags {@code command}, {@code outcome}): the latency of each request. A
 *       function timer (count and total time, read from the module's own cells when the registry asks)
 *       unless a distribution is asked for (percentiles or a histogram, by the {@link Builder} or the
 *       registry's filters), then a {@link io.micrometer.core.instrument.Timer};</li>
 *   <li>{@value #REQUESTS_MAX} (time gauge; tags {@code command}, {@code outcome}): beside a function timer,
 *       its maximum, decaying as a Timer's;</li>
 *   <li>{@value #HITS}, {@value #MISSES} (function counters): keys found and not found by retrievals;</li>
 *   <li>{@value #ERRORS} (counter; tags {@code command}, {@code exception}, the simple class name): failed requests;</li>
 *   <li>{@value #IN_FLIGHT} (gauge): requests sent and not yet completed;</li>
 *   <li>{@value #CONNECTIONS} (gauge; tag {@code state} {@code up} or {@code down}): connections per server;</li>
 *   <li>{@value #RECONNECTS}, {@value #DESYNCS} (counters): connections re-established, and discarded after
 *       a reply that was not their request's;</li>
 *   <li>{@value #TIMEOUTS}, {@value #BACKPRESSURE} (counters; tag {@code command}): requests that timed out,
 *       and that were refused because their connection was full (both also counted in {@value #ERRORS}).</li>
 * </ul>
 * A server removed from a client's list loses its meters once no open client has it, none of its
 * connections is up and none of its requests is in flight.
 * Optionally each request is also an {@link io.micrometer.observation.Observation} named
 * {@value #OBSERVATION}, with the command and the server as low-cardinality keys (never a key or a value).
 */
public final class MemcachedMetrics {
    /** The request timer. */
    public static final String REQUESTS = "memcached.client.requests";
    /**
     * The longest request of the last minutes per command and outcome (a time gauge), when the
     * request timers are function timers (no distribution asked for), which have no maximum.
     */
    public static final String REQUESTS_MAX = "memcached.client.requests.max";
    /** Keys found by retrievals. */
    public static final String HITS = "memcached.client.hits";
    /** Keys not found by retrievals. */
    public static final String MISSES = "memcached.client.misses";
    /** Failed requests. */
    public static final String ERRORS = "memcached.client.errors";
    /** Requests in flight. */
    public static final String IN_FLIGHT = "memcached.client.requests.inflight";
    /** Connections up and down. */
    public static final String CONNECTIONS = "memcached.client.connections";
    /** Connections re-established. */
    public static final String RECONNECTS = "memcached.client.reconnects";
    /** Connections discarded after a desync. */
    public static final String DESYNCS = "memcached.client.desyncs";
    /** Requests that timed out. */
    public static final String TIMEOUTS = "memcached.client.timeouts";
    /** Requests refused for backpressure. */
    public static final String BACKPRESSURE = "memcached.client.backpressure";
    /** The name of the Observation of a request. */
    public static final String OBSERVATION = "memcached.client.request";

    private MemcachedMetrics() {
    }

    /**
     * Records the metrics of the clients built from this configuration in a registry, with the
     * defaults (no percentiles, no Observations).
     *
     * @param config the configuration being built; the listener is added to it
     * @param registry where the meters go
     * @return {@code config}
     */
    public static ClientConfig.Builder bind(ClientConfig.Builder config, MeterRegistry registry) {
        return builder(registry).bind(config);
    }

    /**
     * Starts the options of a binding.
     *
     * @param registry where the meters go
     * @return a new builder
     */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(Objects.requireNonNull(registry, "registry"));
    }

    /** The options of a binding: percentiles, extra tags, Observations; every setter checks its argument. */
    public static final class Builder {
        private final MeterRegistry registry;
        private double[] percentiles = new double[0];
        private boolean percentileHistogram;
        private Tags tags = Tags.empty();
        private ObservationRegistry observations;

        private Builder(MeterRegistry registry) {
            this.registry = registry;
        }

        /**
         * Publishes these percentiles of the request timer, computed in the client, such as
         * {@code 0.5, 0.99}.
         *
         * @param percentiles each from 0 to 1; none for no percentiles (the default)
         * @return this builder
         */
        public Builder percentiles(double... percentiles) {
            for (double p : percentiles) {
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException("a percentile must be from 0 to 1, was " + p);
                }
            }
            this.percentiles = percentiles.clone();
            return this;
        }

        /**
         * Publishes the request timer's histogram buckets, for percentiles aggregated by the
         * monitoring system.
         *
         * @param enabled whether to publish them (default false)
         * @return this builder
         */
        public Builder percentileHistogram(boolean enabled) {
            this.percentileHistogram = enabled;
            return this;
        }

        /**
         * Adds a tag to every meter, such as the name of the client.
         *
         * @param key the tag's key
         * @param value its value
         * @return this builder
         */
        public Builder tag(String key, String value) {
            this.tags = tags.and(Tag.of(key, value));
            return this;
        }

        /**
         * Makes each request an Observation in this registry, so a trace shows it.
         *
         * @param observations the registry; null for none (the default)
         * @return this builder
         */
        public Builder observations(ObservationRegistry observations) {
            this.observations = observations;
            return this;
        }

        /**
         * Makes the listener; it may be added to several configurations, whose meters then add up.
         * Two listeners on one registry share meters of the same name and tags, and the gauges and
         * function meters show the first one's: give each a {@link #tag} of its own.
         *
         * @return the listener that records the meters
         */
        public ClientListener build() {
            return new MetricsListener(registry, tags, percentiles.clone(), percentileHistogram, observations);
        }

        /**
         * Adds the listener to a configuration being built.
         *
         * @param config the configuration
         * @return {@code config}
         */
        public ClientConfig.Builder bind(ClientConfig.Builder config) {
            return config.listener(build());
        }
    }
}
