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
import java.util.concurrent.atomic.AtomicLongArray;

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

    /** The slots of {@link ServerMeters#requests}: 64 bytes and more from each other and from the array's ends. */
    private static final int STARTED = 8;
    private static final int FINISHED = 24;

    private final MeterRegistry registry;
    private final Tags tags;
    private final double[] percentiles;
    private final boolean percentileHistogram;
    private final ObservationRegistry observations;
    private final IdentityFirstMap<ServerAddress, ServerMeters> servers = new IdentityFirstMap<>() {
        @Override
        ServerMeters make(ServerAddress address) {
            return new ServerMeters(address);
        }
    };

    MetricsListener(MeterRegistry registry, Tags tags, double[] percentiles, boolean percentileHistogram,
                    ObservationRegistry observations) {
        this.registry = registry;
        this.tags = tags;
        this.percentiles = percentiles;
        this.percentileHistogram = percentileHistogram;
        this.observations = observations == null || observations.isNoop() ? null : observations;
    }

    private ServerMeters server(ServerAddress address) {
        return servers.get(address);
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
        meters.server.requests.getAndIncrement(STARTED);
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
        if (context != null) { // null only when requestStarted failed, so it was not counted as started
            c.server.requests.getAndIncrement(FINISHED);
        }
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
         * Requests started ({@link #STARTED}, by callers) and finished ({@link #FINISHED}, by I/O
         * threads): in flight is their difference. Two counters rather than one up and down, each
         * alone on its cache line in the middle of an array, so that the callers and the I/O
         * threads never write the same line, nor one that holds what the other threads read.
         */
        final AtomicLongArray requests = new AtomicLongArray(32);
        /** Connections the open clients keep to this server. */
        final AtomicInteger configured = new AtomicInteger();
        final AtomicInteger up = new AtomicInteger();
        final Counter hits;
        final Counter misses;
        final Counter reconnects;
        final Counter desyncs;
        final IdentityFirstMap<String, CommandMeters> commands = new IdentityFirstMap<>() {
            @Override
            CommandMeters make(String command) {
                return new CommandMeters(ServerMeters.this, command);
            }
        };

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
            long done = requests.get(FINISHED);
            return requests.get(STARTED) - done;
        }

        CommandMeters command(String command) {
            return commands.get(command);
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
