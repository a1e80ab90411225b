package io.memcached4j.cli.target;

import io.memcached4j.ClientConfig;
import io.memcached4j.EnumerationOptions;
import io.memcached4j.KeyEnumerator;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedException;
import io.memcached4j.ServerAddress;
import io.memcached4j.ServerVersion;
import io.memcached4j.cli.TargetOptions;
import io.memcached4j.cli.demo.DemoData;
import io.memcached4j.testkit.FakeMemcached;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An open connection to what the user pointed memcached4j at: real servers, or an embedded
 * {@link FakeMemcached} (the demo data set, or empty) that lives as long as this target.
 * {@link #open(TargetOptions)} resolves {@code --servers}, {@code $MEMCACHED4J_SERVERS} and the
 * config file; {@link #close()} closes the client and stops the fake.
 */
public final class Target implements AutoCloseable {
    /** The version from which {@code lru_crawler metadump hash} walks the hash table. */
    static final ServerVersion HASH_WALK = new ServerVersion(1, 6, 13, "");

    /** The least time a key enumeration waits for each line (the crawler may be busy a while). */
    private static final Duration MIN_ENUMERATION_TIMEOUT = Duration.ofSeconds(5);

    /** Filling the demo fake in process waits on nothing but a loaded machine's CPU: no reason to give up soon. */
    private static final Duration DEMO_LOAD_TIMEOUT = Duration.ofSeconds(60);

    private final MemcachedClient client;
    private final FakeMemcached fake;
    private final TargetResolver.Resolved resolved;
    private volatile Boolean hashWalk;

    private Target(MemcachedClient client, FakeMemcached fake, TargetResolver.Resolved resolved) {
        this.client = client;
        this.fake = fake;
        this.resolved = resolved;
    }

    /**
     * Opens the target the options name: {@code --demo}/{@code --empty} start an embedded fake;
     * else {@code --servers}, {@code $MEMCACHED4J_SERVERS} or {@code servers=} in the config file
     * are connected to and pinged; with none of them, the demo.
     *
     * @param options the command line's target options
     * @return the open target; close it
     * @throws IllegalArgumentException when the options, variable or config file are invalid
     * @throws MemcachedException when a named server cannot be reached
     */
    public static Target open(TargetOptions options) {
        return open(TargetResolver.system().resolve(options));
    }

    /**
     * Tells, without opening anything, what a person should read before a session on the demo.
     *
     * @param options the command line's target options
     * @return {@link #DEMO_NOTICE} when the options lead to the demo fake, else empty
     */
    public static Optional<String> noticeFor(TargetOptions options) {
        return TargetResolver.system().resolve(options).kind() == TargetResolver.Kind.DEMO
                ? Optional.of(DEMO_NOTICE) : Optional.empty();
    }

    /** What the demo says plainly: that it is a fake, and how to point memcached4j at a real server. */
    public static final String DEMO_NOTICE = "DEMO: this is an embedded fake memcached filled with sample data, "
            + "not a real server. Point memcached4j at yours with --servers host:port[,host:port...], "
            + "or $" + TargetOptions.SERVERS_ENV + ", or servers=host:port in ~/.config/memcached4j/config.properties.";

    static Target open(TargetResolver.Resolved resolved) {
        switch (resolved.kind()) {
            case DEMO:
            case EMPTY:
                return openEmbedded(resolved);
            default:
                return openServers(resolved);
        }
    }

    private static Target openEmbedded(TargetResolver.Resolved resolved) {
        FakeMemcached fake = FakeMemcached.builder().requestLogCapacity(0).start();
        MemcachedClient client = null;
        try {
            client = Memcached.connect(config(fake.address().toString(), resolved.timeout()));
            if (resolved.kind() == TargetResolver.Kind.DEMO) {
                try (MemcachedClient loader = Memcached.connect(config(fake.address().toString(), DEMO_LOAD_TIMEOUT))) {
                    DemoData.load(loader);
                }
            }
            return new Target(client, fake, resolved);
        } catch (RuntimeException | Error e) {
            if (client != null) {
                client.close();
            }
            fake.close();
            throw e;
        }
    }

    private static Target openServers(TargetResolver.Resolved resolved) {
        ClientConfig config = config(resolved.servers(), resolved.timeout());
        MemcachedClient client = Memcached.connect(config);
        try {
            client.ping(resolved.timeout());
        } catch (MemcachedException e) {
            client.close();
            throw new MemcachedConnectionException("cannot reach memcached at " + client.address()
                    + " (from " + resolved.source() + "): " + rootMessage(e), e);
        } catch (RuntimeException | Error e) {
            client.close();
            throw e;
        }
        return new Target(client, null, resolved);
    }

    /** @return the message of the deepest cause that has one: "Connection refused" rather than the wrapping */
    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }

    private static ClientConfig config(String servers, Duration timeout) {
        return ClientConfig.builder()
                .servers(servers)
                .transport("nio")
                .operationTimeout(timeout)
                .connectTimeout(timeout)
                .build();
    }

    /** @return the client, open until {@link #close()} */
    public MemcachedClient client() {
        return client;
    }

    /** @return the servers the client talks to (the fake's address when embedded) */
    public List<ServerAddress> servers() {
        return client.servers();
    }

    /** @return whether this is the embedded fake filled with the demo data set */
    public boolean isDemo() {
        return resolved.kind() == TargetResolver.Kind.DEMO;
    }

    /** @return whether this is an embedded fake (demo or empty) rather than real servers */
    public boolean isEmbedded() {
        return fake != null;
    }

    /** @return {@link #DEMO_NOTICE} on the demo, else empty */
    public Optional<String> notice() {
        return isDemo() ? Optional.of(DEMO_NOTICE) : Optional.empty();
    }

    /**
     * Says what this target is, for a title or a message.
     *
     * @return e.g. {@code 10.0.0.1:11211 (from $MEMCACHED4J_SERVERS)} or {@code the embedded demo fake at 127.0.0.1:40211}
     */
    public String description() {
        if (isEmbedded()) {
            return "the embedded " + (isDemo() ? "demo" : "empty") + " fake at " + client.address();
        }
        return client.address() + " (from " + resolved.source() + ")";
    }

    /** @return the operation timeout in use */
    public Duration timeout() {
        return resolved.timeout();
    }

    /**
     * Starts enumeration options that walk the hash table ({@code metadump hash}, complete) when
     * every server has it (memcached 1.6.13 and later), else the LRUs ({@code metadump all}).
     *
     * @return a builder to add a prefix or a limit to
     */
    public EnumerationOptions.Builder enumerationOptions() {
        EnumerationOptions.Builder builder = EnumerationOptions.builder();
        return hashWalk() ? builder.hash() : builder.all();
    }

    /**
     * Returns a key enumerator over every server, with a timeout of at least 5 s per wait.
     *
     * @param options usually built from {@link #enumerationOptions()}
     * @return the enumerator
     */
    public KeyEnumerator keyEnumerator(EnumerationOptions options) {
        Duration timeout = resolved.timeout().compareTo(MIN_ENUMERATION_TIMEOUT) < 0
                ? MIN_ENUMERATION_TIMEOUT : resolved.timeout();
        return Memcached.keyEnumerator(client).withTimeout(timeout).withOptions(options);
    }

    private boolean hashWalk() {
        Boolean known = hashWalk;
        if (known == null) {
            known = client.version().values().stream().allMatch(Target::hasHashWalk);
            hashWalk = known;
        }
        return known;
    }

    /**
     * Tells whether a server of this version walks its hash table with {@code lru_crawler metadump hash}.
     *
     * @param rawVersion what the server answers to {@code version}
     * @return true from memcached 1.6.13 on
     */
    public static boolean hasHashWalk(String rawVersion) {
        try {
            return ServerVersion.parse(rawVersion).isAtLeast(HASH_WALK);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Closes the client and stops the embedded fake, if any. */
    @Override
    public void close() {
        try {
            client.close();
        } finally {
            if (fake != null) {
                fake.close();
            }
        }
    }
}
