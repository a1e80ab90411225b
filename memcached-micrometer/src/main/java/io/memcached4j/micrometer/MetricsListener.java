package io.memcached4j.micrometer;

import io.memcached4j.ClientConfig;
import io.memcached4j.ClientListener;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The listener {@link MemcachedMetrics} makes. Meters are made on first use and kept per server and
 * command. A request's meters are looked up once, when it starts, and handed back as its context, so
 * finishing it (on an I/O thread) looks nothing up; without Observations nothing is allocated per request.
 */
final class MetricsListener implements ClientListener {
    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final String[] OUTCOME_TAGS = new String[OUTCOMES.length];

    static {
        for (Outcome o : OUTCOMES) {
            OUTCOME_TAGS[o.ordinal()] = o.name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Tags tags;
    private final double[] percentiles;
    private final boolean percentileHistogram;
    private final ObservationRegistry observations;
    private final ConcurrentHashMap<ServerAddress, ServerMeters> servers = new ConcurrentHashMap<>();

    MetricsListener(MeterRegistry registry, Tags tags, double[] percentiles, boolean percentileHistogram,
                    ObservationRegistry observations) {
        this.registry = registry;
        this.tags = tags;
        this.percentiles = percentiles;
        this.percentileHistogram = percentileHistogram;
        this.observations = observations == null || observations.isNoop() ? null : observations;
    }

    private ServerMeters server(ServerAddress address) {
        ServerMeters meters = servers.get(address);
        return meters != null ? meters : servers.computeIfAbsent(address, ServerMeters::new);
    }

    @Override
    public void clientOpened(ClientConfig config) {
        for (ServerAddress address : config.servers()) {
            server(address).configured.addAndGet(config.connectionsPerServer());
        }
    }

    @Override
    public void clientClosed(ClientConfig config, List<ServerAddress> servers) {
        for (ServerAddress address : servers) {
            server(address).configured.addAndGet(-config.connectionsPerServer());
        }
    }

    /** Makes the added server's meters now, so that its connections not yet up show as down. */
    @Override
    public void serverAdded(ClientConfig config, ServerAddress server) {
        server(server).configured.addAndGet(config.connectionsPerServer());
    }

    /** The removed server's connections no longer count as down; those still up close in a while. */
    @Override
    public void serverRemoved(ClientConfig config, ServerAddress server) {
        server(server).configured.addAndGet(-config.connectionsPerServer());
    }

    /**
     * Counts the request in flight and returns the meters of its command and server, so that
     * finishing it looks nothing up; with Observations, those meters and the started Observation.
     */
    @Override
    public Object requestStarted(String command, ServerAddress server) {
        CommandMeters meters = server(server).command(command);
        meters.server.started.increment();
        if (observations == null) {
            return meters;
        }
        return new ObservedCommand(meters, Observation.createNotStarted(MemcachedMetrics.OBSERVATION, observations)
                .contextualName("memcached " + command)
                .lowCardinalityKeyValue("db.system", "memcached")
                .lowCardinalityKeyValue("memcached.command", command)
                .lowCardinalityKeyValue("memcached.server", server.toString())
                .start());
    }

    /** The meters a request's context names; looked up only when its {@link #requestStarted} failed. */
    private CommandMeters meters(Object context, String command, ServerAddress server) {
        if (context instanceof CommandMeters meters) {
            return meters;
        } else if (context instanceof ObservedCommand observed) {
            return observed.meters;
        }
        return server(server).command(command);
    }

    @Override
    public void requestFinished(Object context, String command, ServerAddress server, Outcome outcome,
                                long durationNanos, Throwable failure) {
        CommandMeters c = meters(context, command, server);
        c.server.finished.increment();
        c.timer(outcome).record(durationNanos, TimeUnit.NANOSECONDS);
        if (outcome == Outcome.ERROR) {
            c.error(failure).increment();
        }
        if (context instanceof ObservedCommand observed) {
            Observation observation = observed.observation;
            observation.lowCardinalityKeyValue("memcached.outcome", OUTCOME_TAGS[outcome.ordinal()]);
            if (outcome == Outcome.ERROR && failure != null) {
                observation.error(failure);
            }
            observation.stop();
        }
    }

    /** Adds the keys of one retrieval (all of a multi-get's keys to this server) at once. */
    @Override
    public void retrieved(Object context, String command, ServerAddress server, int hits, int misses) {
        ServerMeters meters = meters(context, command, server).server;
        if (hits > 0) {
            meters.hits.increment(hits);
        }
        if (misses > 0) {
            meters.misses.increment(misses);
        }
    }

    @Override
    public void timeout(String command, ServerAddress server) {
        server(server).command(command).timeouts.increment();
    }

    @Override
    public void backpressure(String command, ServerAddress server) {
        server(server).command(command).backpressure.increment();
    }

    @Override
    public void connectionUp(ServerAddress server, boolean reconnect) {
        ServerMeters meters = server(server);
        meters.up.incrementAndGet();
        if (reconnect) {
            meters.reconnects.increment();
        }
    }

    @Override
    public void connectionDown(ServerAddress server, Throwable cause) {
        server(server).up.decrementAndGet();
    }

    @Override
    public void desync(ServerAddress server, ProtocolException cause) {
        server(server).desyncs.increment();
    }

    @Override
    public String toString() {
        return "MemcachedMetrics[" + registry.getClass().getSimpleName() + " " + tags + "]";
    }

    /** A request's context with Observations: its meters and its Observation. */
    private record ObservedCommand(CommandMeters meters, Observation observation) {
    }

    /** The meters of one server. */
    private final class ServerMeters {
        final Tags serverTags;
        /**
         * Requests started and finished: in flight is their difference. Two adders rather than one
         * counter up and down, so that the callers that start requests and the I/O threads that
         * finish them never write the same memory.
         */
        final LongAdder started = new LongAdder();
        final LongAdder finished = new LongAdder();
        /** Connections the open clients keep to this server. */
        final AtomicInteger configured = new AtomicInteger();
        final AtomicInteger up = new AtomicInteger();
        final Counter hits;
        final Counter misses;
        final Counter reconnects;
        final Counter desyncs;
        final ConcurrentHashMap<String, CommandMeters> commands = new ConcurrentHashMap<>();

        ServerMeters(ServerAddress address) {
            this.serverTags = tags.and("server", address.toString());
            this.hits = Counter.builder(MemcachedMetrics.HITS).description("keys found by retrievals")
                    .tags(serverTags).register(registry);
            this.misses = Counter.builder(MemcachedMetrics.MISSES).description("keys not found by retrievals")
                    .tags(serverTags).register(registry);
            this.reconnects = Counter.builder(MemcachedMetrics.RECONNECTS).description("connections re-established")
                    .tags(serverTags).register(registry);
            this.desyncs = Counter.builder(MemcachedMetrics.DESYNCS)
                    .description("connections discarded after a reply that was not their request's")
                    .tags(serverTags).register(registry);
            Gauge.builder(MemcachedMetrics.IN_FLIGHT, this, ServerMeters::inFlight).description("requests in flight")
                    .tags(serverTags).strongReference(true).register(registry);
            Gauge.builder(MemcachedMetrics.CONNECTIONS, up, AtomicInteger::get).description("connections")
                    .tags(serverTags).tag("state", "up").strongReference(true).register(registry);
            Gauge.builder(MemcachedMetrics.CONNECTIONS, this, m -> Math.max(0, m.configured.get() - m.up.get()))
                    .description("connections").tags(serverTags).tag("state", "down").strongReference(true)
                    .register(registry);
        }

        /** Finished is read first: a request finishes after it started, so the difference is never negative. */
        double inFlight() {
            long done = finished.sum();
            return started.sum() - done;
        }

        CommandMeters command(String command) {
            CommandMeters meters = commands.get(command);
            return meters != null ? meters : commands.computeIfAbsent(command, c -> new CommandMeters(this, c));
        }
    }

    /** The meters of one command to one server. */
    private final class CommandMeters {
        final ServerMeters server;
        final Tags commandTags;
        final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(OUTCOMES.length);
        final ConcurrentHashMap<Class<?>, Counter> errors = new ConcurrentHashMap<>();
        final Counter timeouts;
        final Counter backpressure;

        CommandMeters(ServerMeters server, String command) {
            this.server = server;
            this.commandTags = server.serverTags.and("command", command);
            this.timeouts = Counter.builder(MemcachedMetrics.TIMEOUTS).description("requests that timed out")
                    .tags(commandTags).register(registry);
            this.backpressure = Counter.builder(MemcachedMetrics.BACKPRESSURE)
                    .description("requests refused because their connection had maxRequestsInFlight requests")
                    .tags(commandTags).register(registry);
        }

        Timer timer(Outcome outcome) {
            Timer timer = timers.get(outcome.ordinal());
            if (timer == null) {
                timer = Timer.builder(MemcachedMetrics.REQUESTS).description("memcached requests")
                        .tags(commandTags).tag("outcome", OUTCOME_TAGS[outcome.ordinal()])
                        .publishPercentiles(percentiles).publishPercentileHistogram(percentileHistogram)
                        .register(registry); // the registry returns the same timer to a racing thread
                timers.set(outcome.ordinal(), timer);
            }
            return timer;
        }

        Counter error(Throwable failure) {
            Class<?> type = failure == null ? Throwable.class : failure.getClass();
            Counter counter = errors.get(type);
            return counter != null ? counter : errors.computeIfAbsent(type, t -> Counter.builder(MemcachedMetrics.ERRORS)
                    .description("failed requests").tags(commandTags).tag("exception", t.getSimpleName())
                    .register(registry));
        }
    }
}
