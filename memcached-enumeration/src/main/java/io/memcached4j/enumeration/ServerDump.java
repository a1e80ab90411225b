package io.memcached4j.enumeration;

import io.memcached4j.ClientErrorException;
import io.memcached4j.EnumerationOptions;
import io.memcached4j.LineConnection;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ServerAddress;
import io.memcached4j.ServerVersion;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Starts the dump of one server on a connection of its own: asks its version, then sends
 * {@code lru_crawler metadump <arg>}, retrying {@code BUSY} with backoff within the timeout and
 * sending {@code lru_crawler enable} first when asked to; falls back to {@code stats cachedump}
 * for an old server only when the options allow it.
 */
final class ServerDump {
    private static final System.Logger LOG = System.getLogger("io.memcached4j.enumeration");
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
    private static final String FALLBACK_HINT = "; to read a partial list with `stats cachedump` instead, set "
            + "EnumerationOptions.builder().allowCachedumpFallback(true)";

    private ServerDump() {
    }

    /**
     * Opens a connection to the server and starts its dump.
     *
     * @param prefetch whether a thread of its own reads the dump ahead of the caller (see {@link PrefetchedLines})
     * @return the keys, read on demand; the caller closes it
     */
    static KeySource open(MemcachedClient client, ServerAddress server, DumpContext context, boolean prefetch) {
        LineConnection connection = client.openLineConnection(server);
        LineReader reader = new LineReader(connection, context.timeout());
        try {
            return start(reader, context, prefetch);
        } catch (RuntimeException | Error e) {
            reader.close();
            throw e;
        }
    }

    private static KeySource start(LineReader reader, DumpContext context, boolean prefetch) {
        ServerAddress server = reader.server();
        reader.send("version");
        String versionLine = reader.readLine();
        String rawVersion = versionLine.startsWith("VERSION ") ? versionLine.substring("VERSION ".length()) : versionLine;
        Optional<ServerVersion> version = parseVersion(rawVersion);
        if (version.isPresent() && !version.get().supportsMetadump()) {
            return fallback(reader, rawVersion, context);
        }
        String command = "lru_crawler metadump " + metadumpArgument(context.options());
        long deadline = context.pacer().nanoTime() + context.timeout().toNanos();
        Duration backoff = FIRST_BACKOFF;
        boolean enableSent = false;
        while (true) {
            reader.send(command);
            String first = reader.readLine();
            if (first.startsWith("BUSY")) {
                backoff = waitWhileBusy(server, first, backoff, deadline, context);
            } else if (first.equals(MetadumpSupport.CRAWLER_DISABLED_REPLY)) {
                if (!context.options().enableCrawler() || enableSent) {
                    throw MetadumpSupport.crawlerDisabled(server);
                }
                enableCrawler(reader);
                enableSent = true;
            } else if (first.equals("ERROR")) {
                // A server that does not know the command: older than it claims, or not memcached.
                return fallback(reader, rawVersion, context);
            } else if (first.startsWith("BADCLASS")) {
                throw new ClientErrorException(server + " answered \"" + first + "\" to \"" + command
                        + "\": it has no such slab class (memcached's class ids are 1 to 63 at most)");
            } else if (MetadumpSupport.isError(first)) {
                throw MetadumpSupport.errorReply(first, command, server);
            } else {
                Lines lines = prefetch ? new PrefetchedLines(reader, context.timeout().toMillis()) : reader;
                return new MetadumpSource(lines, server, command, first, context);
            }
        }
    }

    private static Optional<ServerVersion> parseVersion(String rawVersion) {
        try {
            return Optional.of(ServerVersion.parse(rawVersion));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static KeySource fallback(LineReader reader, String rawVersion, DumpContext context) {
        if (!context.options().allowCachedumpFallback()) {
            throw MetadumpSupport.tooOld(rawVersion, reader.server(), FALLBACK_HINT);
        }
        LOG.log(Level.WARNING, () -> reader.server() + " (memcached " + rawVersion + ") has no lru_crawler metadump:"
                + " its keys are read with stats cachedump and are PARTIAL (at most about 2 MB of keys per slab"
                + " class; last access, CAS and fetched unknown: EPOCH, 0, false; size is the value length)");
        return CachedumpSource.start(reader, context);
    }

    private static void enableCrawler(LineReader reader) {
        reader.send("lru_crawler enable");
        String reply = reader.readLine();
        // memcached answers "ERROR failed to start lru crawler thread" when another client enabled it meanwhile.
        if (!reply.equals("OK") && !reply.startsWith("ERROR failed to start")) {
            throw MetadumpSupport.errorReply(reply, "lru_crawler enable", reader.server());
        }
        LOG.log(Level.INFO, () -> "enabled the LRU crawler of " + reader.server() + " (lru_crawler enable)");
    }

    private static Duration waitWhileBusy(ServerAddress server, String reply, Duration backoff, long deadline,
                                          DumpContext context) {
        long left = deadline - context.pacer().nanoTime();
        if (left < backoff.toNanos()) {
            throw new MemcachedTimeoutException("the LRU crawler of " + server + " stayed busy for "
                    + context.timeout() + " (\"" + reply + "\"): another metadump or crawl is running there;"
                    + " retry later or allow a longer timeout");
        }
        try {
            context.pacer().sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemcachedException("interrupted while waiting for the busy LRU crawler of " + server, e);
        }
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    /** The {@code lru_crawler metadump} argument for the options' scope: {@code all}, {@code hash} or {@code 1,2}. */
    static String metadumpArgument(EnumerationOptions options) {
        switch (options.scope()) {
            case HASH:
                return "hash";
            case SLAB_CLASSES:
                return options.slabClasses().stream().map(String::valueOf).collect(Collectors.joining(","));
            default:
                return "all";
        }
    }
}
