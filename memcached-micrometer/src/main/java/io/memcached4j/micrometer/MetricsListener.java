package io.memcached4j.micrometer;

import io.memcached4j.ClientConfig;
import io.memcached4j.ClientListener;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.TimeWindowMax;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The listener {@link MemcachedMetrics} makes. Meters are made on first use and kept per server and
 * command. A request's meters are looked up once, when it starts, and handed back as its context, so
 * finishing it (on an I/O thread) looks nothing up. Requests are recorded in {@link Stripes} that
 * the meters read when the registry asks (function timers and counters); only when percentiles, a
 * histogram or service level objectives are asked for (by the builder or the registry's filters) is
 * each request also recorded in a Micrometer {@link Timer}. Without Observations nothing is
 * allocated per request. A server's meters are registered on a client's thread (when it opens, or
 * first sends to the server), not by the I/O threads that report its connections, reconnects and
 * desyncs: those are counted in fields its meters read, so reporting them never waits for a
 * registration. (A command's meters for an outcome are made by the thread that first finishes a
 * request with it, usually an I/O thread, once.)
 */
final class MetricsListener implements ClientListener {
    private static final ClientListener.Outcome[] OUTCOMES = ClientListener.Outcome.values();
    private static final String[] OUTCOME_TAGS = new String[OUTCOMES.length];

    static {
        for (Outcome o : OUTCOMES) {
            OUTCOME_TAGS[o.ordinal()] = o.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The slots of a command's {@link Stripes}: hits and misses beyond one per request, then count,
     * total nanoseconds and maximum per outcome. A retrieval's outcome counts one key (a hit when it
     * found any, else a miss), so a single-key get records its hit or miss with its duration, in one
     * stripe's slots; a multi-get adds its other keys here.
     */
    private static final int HITS = 0;
    private static final int MISSES = 1;
    private static final int PER_OUTCOME = 3;
    private static final int SLOTS = 2 + OUTCOMES.length * PER_OUTCOME;

    private static int count(Outcome outcome) {
        return 2 + outcome.ordinal() * PER_OUTCOME;
    }

    private static int total(Outcome outcome) {
        return count(outcome) + 1;
    }

    private static int max(Outcome outcome) {
        return count(outcome) + 2;
    }

    private final MeterRegistry registry;
    private final Tags tags;
    private final double[] percentiles;
    private final boolean percentileHistogram;
    private final ObservationRegistry observations;
    /** Whether request timers are Micrometer {@link Timer}s (a distribution is asked for); null until the first is made. */
    private volatile Boolean distribution;
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

    /** A server's meters, registered if they are not yet: for a client's thread, which may wait for the registry. */
    private ServerMeters server(ServerAddress address) {
        ServerMeters meters = servers.get(address);
        if (!meters.registered) {
            meters.register();
        }
        return meters;
    }

    /**
     * A server's meters, for what the transport reports from its I/O threads: never registers them
     * (a client's thread does, when the client opens or first sends), so reporting never waits for a
     * registry, nor for another thread registering. What it counts is read once they are registered.
     */
    private ServerMeters serverCounts(ServerAddress address) {
        return servers.get(address);
    }

    /** Changes the connections the open clients keep to a server, on meters not retired. */
    private void configure(ServerAddress address, int connections, boolean removed) {
        while (true) {
            ServerMeters meters = server(address);
            synchronized (meters) {
                if (meters.retired) {
                    continue; // its map entry is gone: the next lookup makes new meters
                }
                meters.configured.addAndGet(connections);
                if (removed) {
                    meters.removed = true;
                } else if (connections > 0) {
                    meters.removed = false;
                }
            }
            meters.retireIfDone();
            return;
        }
    }

    /**
     * Decides whether request timers need a Micrometer Timer first, before any server's meters are
     * made: made inside the map of servers, those would keep the I/O threads that report
     * connections up waiting while the probe registers (and loads) a Timer.
     */
    @Override
    public void clientOpened(ClientConfig config) {
        if (!config.servers().isEmpty()) {
            distribution(probeId(config.servers().get(0)));
        }
        for (ServerAddress address : config.servers()) {
            configure(address, config.connectionsPerServer(), false);
        }
    }

    @Override
    public void clientClosed(ClientConfig config, List<ServerAddress> servers) {
        for (ServerAddress address : servers) {
            configure(address, -config.connectionsPerServer(), false);
        }
    }

    /** Makes the added server's meters now, so that its connections not yet up show as down. */
    @Override
    public void serverAdded(ClientConfig config, ServerAddress server) {
        configure(server, config.connectionsPerServer(), false);
    }

    /**
     * The removed server's connections no longer count as down; those still up close in a while.
     * Once none is up, none of its requests is in flight and no other client has it, its meters
     * are removed from the registry.
     */
    @Override
    public void serverRemoved(ClientConfig config, ServerAddress server) {
        configure(server, -config.connectionsPerServer(), true);
    }

    /**
     * Counts the request in flight and returns the meters of its command and server, so that
     * finishing it looks nothing up; with Observations, those meters and the started Observation.
     */
    @Override
    public Object requestStarted(String command, ServerAddress server) {
        CommandMeters meters = server(server).command(command);
        meters.server.started.add(0, 1);
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
        if (context == null) { // requestStarted failed, so it was not counted as started
            c.server.started.add(0, 1);
        }
        c.record(outcome, durationNanos);
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
        if (c.server.removed) {
            c.server.retireIfDone();
        }
    }

    /**
     * Adds the keys of one retrieval (all of a multi-get's keys to this server) at once, but the one
     * its outcome counts: {@link Outcome#HIT} when it found any key, else {@link Outcome#MISS}. So a
     * single-key retrieval records nothing here.
     */
    @Override
    public void retrieved(Object context, String command, ServerAddress server, int hits, int misses) {
        if (hits + misses <= 1) {
            return;
        }
        Stripes stats = meters(context, command, server).stats;
        if (hits == 0) {
            stats.add(MISSES, misses - 1);
        } else if (misses == 0) {
            stats.add(HITS, hits - 1);
        } else {
            stats.add(HITS, hits - 1, MISSES, misses);
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
        ServerMeters meters = serverCounts(server);
        meters.up.incrementAndGet();
        if (reconnect) {
            meters.reconnects.incrementAndGet();
        }
    }

    @Override
    public void connectionDown(ServerAddress server, Throwable cause) {
        ServerMeters meters = serverCounts(server);
        meters.up.decrementAndGet();
        meters.retireIfDone();
    }

    @Override
    public void desync(ServerAddress server, ProtocolException cause) {
        serverCounts(server).desyncs.incrementAndGet();
    }

    @Override
    public String toString() {
        return "MemcachedMetrics[" + registry.getClass().getSimpleName() + " " + tags + "]";
    }

    /**
     * Whether request timers must be Micrometer {@link Timer}s: when the builder asks for percentiles
     * or a histogram, or the registry's filters configure a distribution for them (found by
     * registering a timer of the name and tags of a server's get hits, and removing it unless it
     * was there). Decided when the first client opens, else when the first server's meters are
     * made, never on a request's path (registering a Timer the first time loads many classes).
     */
    private boolean distribution(Tags id) {
        Boolean known = distribution;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (distribution == null) {
                distribution = percentiles.length > 0 || percentileHistogram || filtersConfigureDistribution(id);
            }
            return distribution;
        }
    }

    /** @return the tags of a server's get hits timer, which the {@link #distribution} probe registers */
    private Tags probeId(ServerAddress server) {
        return tags.and("server", server.toString()).and("command", "get")
                .and("outcome", OUTCOME_TAGS[Outcome.HIT.ordinal()]);
    }

    private boolean filtersConfigureDistribution(Tags id) {
        Meter existing = registry.find(MemcachedMetrics.REQUESTS).tags(id).meter();
        if (existing != null) { // shared with another listener: as that one made it
            return existing instanceof Timer;
        }
        Timer probe = Timer.builder(MemcachedMetrics.REQUESTS).tags(id).register(registry);
        HistogramSnapshot snapshot = probe.takeSnapshot();
        registry.remove(probe);
        return snapshot.percentileValues().length > 0 || snapshot.histogramCounts().length > 0;
    }

    /** A request's context with Observations: its meters and its Observation. */
    private record ObservedCommand(CommandMeters meters, Observation observation) {
    }

    /** The meters of one server. */
    private final class ServerMeters {
        final ServerAddress address;
        final Tags serverTags;
        /** Requests started (by callers); those finished are the counts of its commands' timers. */
        final Stripes started = new Stripes(1);
        /** Connections the open clients keep to this server. */
        final AtomicInteger configured = new AtomicInteger();
        final AtomicInteger up = new AtomicInteger();
        /** Removed from a client's list since it was last added: its meters go once nothing is left of it. */
        volatile boolean removed;
        /** Its meters removed from the registry: recorded in no more. */
        boolean retired;
        /** Its meters registered ({@link #register}); until then what is counted waits in its fields. */
        volatile boolean registered;
        final AtomicLong reconnects = new AtomicLong();
        final AtomicLong desyncs = new AtomicLong();
        /** Every meter with this server's tag, for when it is removed. */
        final List<Meter> meters = new CopyOnWriteArrayList<>();
        final IdentityFirstMap<String, CommandMeters> commands = new IdentityFirstMap<>() {
            @Override
            CommandMeters make(String command) {
                return new CommandMeters(ServerMeters.this, command);
            }
        };

        /** Makes the server's counts, quickly: its meters are registered apart ({@link #register}). */
        ServerMeters(ServerAddress address) {
            this.address = address;
            this.serverTags = tags.and("server", address.toString());
        }

        /** Registers the server's meters, once, unless they were retired; on a client's thread, not an I/O thread. */
        synchronized void register() {
            if (registered || retired) {
                return;
            }
            register(FunctionCounter.builder(MemcachedMetrics.HITS, this, m -> m.sum(HITS) + m.sum(count(Outcome.HIT)))
                    .description("keys found by retrievals").tags(serverTags).register(registry));
            register(FunctionCounter.builder(MemcachedMetrics.MISSES, this, m -> m.sum(MISSES) + m.sum(count(Outcome.MISS)))
                    .description("keys not found by retrievals").tags(serverTags).register(registry));
            register(FunctionCounter.builder(MemcachedMetrics.RECONNECTS, reconnects, AtomicLong::get)
                    .description("connections re-established").tags(serverTags).register(registry));
            register(FunctionCounter.builder(MemcachedMetrics.DESYNCS, desyncs, AtomicLong::get)
                    .description("connections discarded after a reply that was not their request's")
                    .tags(serverTags).register(registry));
            register(Gauge.builder(MemcachedMetrics.IN_FLIGHT, this, ServerMeters::inFlight).description("requests in flight")
                    .tags(serverTags).strongReference(true).register(registry));
            register(Gauge.builder(MemcachedMetrics.CONNECTIONS, up, AtomicInteger::get).description("connections")
                    .tags(serverTags).tag("state", "up").strongReference(true).register(registry));
            register(Gauge.builder(MemcachedMetrics.CONNECTIONS, this, m -> Math.max(0, m.configured.get() - m.up.get()))
                    .description("connections").tags(serverTags).tag("state", "down").strongReference(true)
                    .register(registry));
            distribution(probeId(address));
            registered = true;
        }

        <M extends Meter> M register(M meter) {
            meters.add(meter);
            return meter;
        }

        /** @return a slot's sum over this server's commands */
        double sum(int slot) {
            long sum = 0;
            for (CommandMeters c : commands.values()) {
                sum += c.stats.sum(slot);
            }
            return sum;
        }

        /** Finished is read first: a request finishes after it started, so the difference is never negative. */
        double inFlight() {
            long done = 0;
            for (CommandMeters c : commands.values()) {
                done += c.finished();
            }
            return started.sum(0) - done;
        }

        CommandMeters command(String command) {
            return commands.get(command);
        }

        /**
         * Removes this server's meters from the registry once it was removed from the list, no
         * client has it, none of its connections is up and none of its requests is in flight.
         */
        synchronized void retireIfDone() {
            if (!removed || retired || configured.get() > 0 || up.get() > 0 || inFlight() > 0) {
                return;
            }
            retired = true;
            servers.remove(address, this);
            for (Meter meter : meters) {
                registry.remove(meter);
            }
        }
    }

    /** The meters of one command to one server. */
    private final class CommandMeters {
        final ServerMeters server;
        final Tags commandTags;
        /** Its requests per outcome (count, total, maximum), its hits and misses. */
        final Stripes stats = new Stripes(SLOTS);
        /** Per outcome, made on its first request when a distribution is asked for: its {@link Timer}. */
        final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(OUTCOMES.length);
        /** The outcomes whose meters are made, a bit each: a request that finds its bit set makes none. */
        private volatile int madeOutcomes;
        /** Whether its request timers are Micrometer {@link Timer}s (decided before any server's meters are made). */
        final boolean distributed;
        final ConcurrentHashMap<Class<?>, Counter> errors = new ConcurrentHashMap<>();
        final Counter timeouts;
        final Counter backpressure;

        CommandMeters(ServerMeters server, String command) {
            this.server = server;
            this.commandTags = server.serverTags.and("command", command);
            this.distributed = distribution(probeId(server.address));
            this.timeouts = server.register(Counter.builder(MemcachedMetrics.TIMEOUTS)
                    .description("requests that timed out").tags(commandTags).register(registry));
            this.backpressure = server.register(Counter.builder(MemcachedMetrics.BACKPRESSURE)
                    .description("requests refused because their connection had maxRequestsInFlight requests")
                    .tags(commandTags).register(registry));
        }

        /** Records a finished request: its count and duration, and its maximum or its Timer sample. */
        void record(Outcome outcome, long durationNanos) {
            if ((madeOutcomes & (1 << outcome.ordinal())) == 0) {
                timer(outcome);
            }
            long nanos = Math.max(0, durationNanos);
            if (distributed) {
                stats.add(count(outcome), 1, total(outcome), nanos);
                timers.get(outcome.ordinal()).record(nanos, TimeUnit.NANOSECONDS);
            } else {
                stats.record(count(outcome), total(outcome), max(outcome), nanos);
            }
        }

        /** @return the requests finished, all outcomes */
        long finished() {
            long sum = 0;
            for (Outcome o : OUTCOMES) {
                sum += stats.sum(count(o));
            }
            return sum;
        }

        /** Makes an outcome's meters on its first request. */
        private synchronized void timer(Outcome outcome) {
            int bit = 1 << outcome.ordinal();
            if ((madeOutcomes & bit) != 0) {
                return;
            }
            Tags id = commandTags.and("outcome", OUTCOME_TAGS[outcome.ordinal()]);
            if (distributed) {
                timers.set(outcome.ordinal(), server.register(Timer.builder(MemcachedMetrics.REQUESTS)
                        .description("memcached requests").tags(id).publishPercentiles(percentiles)
                        .publishPercentileHistogram(percentileHistogram).register(registry)));
            } else {
                server.register(FunctionTimer.builder(MemcachedMetrics.REQUESTS, stats, s -> s.sum(count(outcome)),
                                s -> s.sum(total(outcome)), TimeUnit.NANOSECONDS)
                        .description("memcached requests").tags(id).register(registry));
                MaxWindow max = new MaxWindow(stats, max(outcome), new TimeWindowMax(registry.config().clock(),
                        DistributionStatisticConfig.DEFAULT));
                server.register(TimeGauge.builder(MemcachedMetrics.REQUESTS_MAX, max, TimeUnit.NANOSECONDS, MaxWindow::poll)
                        .description("the longest memcached request of the last minutes").tags(id)
                        .strongReference(true).register(registry)); // the gauge keeps the window
            }
            madeOutcomes |= bit; // after the timer: a request that sees the bit finds it
        }

        Counter error(Throwable failure) {
            Class<?> type = failure == null ? Throwable.class : failure.getClass();
            Counter counter = errors.get(type);
            return counter != null ? counter : errors.computeIfAbsent(type, t -> server.register(
                    Counter.builder(MemcachedMetrics.ERRORS).description("failed requests").tags(commandTags)
                            .tag("exception", t.getSimpleName()).register(registry)));
        }
    }

    /**
     * The maximum of one command's requests with one outcome, as a Timer's: the longest of the last
     * few minutes (Micrometer's default expiry and buffer length), each request's duration counted
     * from the first read after it finished (the stripes' maxima are taken when the gauge is read).
     */
    private static final class MaxWindow {
        private final Stripes stats;
        private final int slot;
        private final TimeWindowMax window;

        MaxWindow(Stripes stats, int slot, TimeWindowMax window) {
            this.stats = stats;
            this.slot = slot;
            this.window = window;
        }

        synchronized double poll() {
            long max = stats.takeMax(slot);
            if (max > 0) {
                window.record(max, TimeUnit.NANOSECONDS);
            }
            return window.poll(TimeUnit.NANOSECONDS);
        }
    }
}
