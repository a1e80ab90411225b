package io.memcached4j.testkit.internal.server;

import io.memcached4j.protocol.text.server.ReplyWriter;
import io.memcached4j.protocol.text.server.ServerRequest;
import io.memcached4j.testkit.ServerClock;

import java.nio.charset.StandardCharsets;

/**
 * The fake server behind every connection: executes each parsed request as memcached 1.6.18
 * does, and counts connections and traffic. The items live in an {@link ItemStore}; the
 * {@link ClassicCommands}, {@link MetaCommands} and {@link Dumps} answer over it, on
 * {@link ProcessTime}, and {@link StatsReport} reports. One lock, this engine's, guards them all:
 * a test fake needs correctness more than parallel throughput.
 */
public final class Engine {
    private final EngineSettings settings;
    private final ProcessTime time;
    private final Stats stats = new Stats();
    private final ItemStore store;
    private final ClassicCommands classic;
    private final MetaCommands meta;
    private final Dumps dumps;
    private int verbosity;
    private int currentConnections;
    private volatile int port;
    private long totalConnections;
    /** The answer to {@code config get cluster}; null answers {@code ERROR}, as memcached does. */
    private volatile ClusterConfiguration cluster;

    /**
     * Creates an empty cache.
     *
     * @param settings the server settings
     * @param clock the wall clock
     */
    public Engine(EngineSettings settings, ServerClock clock) {
        this.settings = settings;
        this.time = new ProcessTime(clock);
        this.store = new ItemStore(settings, time, stats);
        this.classic = new ClassicCommands(store, time, stats);
        this.meta = new MetaCommands(store, time, stats);
        this.dumps = new Dumps(store, time);
        this.verbosity = settings.verbosity();
        this.port = settings.port();
    }

    /**
     * Records the port actually bound, for {@code stats settings}.
     *
     * @param boundPort the listening port
     */
    public void listeningOn(int boundPort) {
        this.port = boundPort;
    }

    int port() {
        return port;
    }

    /**
     * Sets what {@code config get cluster} answers.
     *
     * @param configuration the ElastiCache cluster configuration, or null to answer {@code ERROR} as memcached does
     */
    public void clusterConfiguration(ClusterConfiguration configuration) {
        this.cluster = configuration;
    }

    /** @return what {@code config get cluster} answers; null for {@code ERROR} */
    public ClusterConfiguration clusterConfiguration() {
        return cluster;
    }

    /**
     * Turns memcached's {@code ERROR} to a {@code config} line into ElastiCache's configuration when
     * the line is {@code config get cluster} and a configuration is set.
     *
     * @param error what the parser made of the line
     * @param line the command line
     * @return the request to execute
     */
    ServerRequest config(ServerRequest.Reply error, byte[] line) {
        ClusterConfiguration configuration = cluster;
        if (configuration == null || !error.command().equals("config")
                || !new String(line, StandardCharsets.ISO_8859_1).trim().equals(ClusterConfiguration.COMMAND)) {
            return error;
        }
        return new ServerRequest.Reply("config", configuration.reply(), false);
    }

    /** @return the settings the engine was created with */
    public EngineSettings settings() {
        return settings;
    }

    /**
     * Counts a new connection.
     *
     * @return its number: 1 for the first connection of this server, then 2, ...
     */
    public synchronized long connectionOpened() {
        currentConnections++;
        return ++totalConnections;
    }

    /** Counts a closed connection. */
    public synchronized void connectionClosed() {
        currentConnections--;
    }

    /**
     * Counts traffic for {@code bytes_read} / {@code bytes_written}.
     *
     * @param read bytes received
     * @param written bytes sent
     */
    public synchronized void traffic(long read, long written) {
        stats.bytesRead += read;
        stats.bytesWritten += written;
    }

    /** @return the number of live items (expired ones may still be counted until touched) */
    public synchronized int itemCount() {
        return store.size();
    }

    /**
     * Executes one request and appends its reply.
     *
     * @param request the parsed request
     * @param out the connection's pending replies; memcached refuses a metadump when it is not empty
     * @return false when the connection must close after the pending replies are written
     */
    public synchronized boolean handle(ServerRequest request, ReplyWriter out) {
        if (request instanceof ServerRequest.Get r) {
            classic.get(r, out);
        } else if (request instanceof ServerRequest.Store r) {
            classic.store(r, out);
        } else if (request instanceof ServerRequest.TooLarge r) {
            classic.tooLarge(r, out);
        } else if (request instanceof ServerRequest.Delete r) {
            classic.delete(r, out);
        } else if (request instanceof ServerRequest.Arithmetic r) {
            classic.arithmetic(r, out);
        } else if (request instanceof ServerRequest.Touch r) {
            classic.touch(r, out);
        } else if (request instanceof ServerRequest.FlushAll r) {
            classic.flushAll(r, out);
        } else if (request instanceof ServerRequest.Verbosity r) {
            verbosity = (int) Math.min(r.level(), 2);
            ClassicCommands.reply(out, r.noreply(), "OK");
        } else if (request instanceof ServerRequest.Version) {
            out.line("VERSION " + settings.version());
        } else if (request instanceof ServerRequest.Quit) {
            return false;
        } else if (request instanceof ServerRequest.Stats r) {
            StatsReport.write(this, r.args(), out);
        } else if (request instanceof ServerRequest.CacheDump r) {
            dumps.cacheDump(r, out);
        } else if (request instanceof ServerRequest.LruCrawler r) {
            dumps.lruCrawler(r.args(), out);
        } else if (request instanceof ServerRequest.MetaDump r) {
            dumps.metaDump(r.selector(), out);
        } else if (request instanceof ServerRequest.DebugTime r) {
            time.debugTime(r.argument(), out);
        } else if (request instanceof ServerRequest.MetaNoop) {
            out.line("MN");
            out.markFlushed();
        } else if (request instanceof ServerRequest.MetaDebug r) {
            meta.debug(r, out);
        } else if (request instanceof ServerRequest.Meta r) {
            meta.handle(r, out);
        } else if (request instanceof ServerRequest.Reply r) {
            if (isFailedMultiGet(r)) {
                out.discardUnflushed();
            }
            ClassicCommands.reply(out, r.silent(), r.reply());
        } else if (request instanceof ServerRequest.Close) {
            out.discardUnflushed(); // memcached drops what it has not transmitted when it hangs up
            return false;
        }
        return true;
    }

    /** A get whose key is too long: memcached drops the replies it has not transmitted yet. */
    private static boolean isFailedMultiGet(ServerRequest.Reply r) {
        return r.reply().equals("CLIENT_ERROR bad command line format")
                && (r.command().equals("get") || r.command().equals("gets") || r.command().equals("gat")
                || r.command().equals("gats") || r.command().equals("bget"));
    }

    // ---- what StatsReport reads ----

    ProcessTime time() {
        return time;
    }

    Stats stats() {
        return stats;
    }

    ItemStore store() {
        return store;
    }

    int verbosity() {
        return verbosity;
    }

    boolean lruCrawlerEnabled() {
        return dumps.crawlerEnabled();
    }

    int currentConnections() {
        return currentConnections;
    }

    long totalConnections() {
        return totalConnections;
    }
}
