package io.memcached4j.enumeration;

import io.memcached4j.Capabilities;
import io.memcached4j.CapabilityDetector;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ServerAddress;
import io.memcached4j.ServerVersion;
import io.memcached4j.UnsupportedVersionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link CapabilityDetector} that asks each server, on a connection of its own: {@code version},
 * {@code stats settings} ({@code lru_crawler}, {@code item_size_max}), {@code mn} (meta commands work
 * when it answers {@code MN}) and {@code lru_crawler mgdump 255}: 255 is never a slab class, so a
 * server that has mgdump answers {@code BADCLASS} (or that its crawler is disabled or busy) without
 * dumping anything, and one that has not answers {@code ERROR}.
 *
 * <p>A probe that times out or loses the connection (proxies may drop connections on unknown
 * commands) counts as "not supported"; the next probe uses a new connection.
 */
final class ProbingCapabilityDetector implements CapabilityDetector {
    /** The probe for {@code lru_crawler mgdump}; 255 is above the largest slab class id (63). */
    static final String MGDUMP_PROBE = "lru_crawler mgdump 255";

    private final MemcachedClient client;
    private final Duration timeout;

    ProbingCapabilityDetector(MemcachedClient client, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public List<ServerAddress> servers() {
        return client.servers();
    }

    @Override
    public Map<ServerAddress, Capabilities> detect() {
        Map<ServerAddress, Capabilities> result = new LinkedHashMap<>();
        for (ServerAddress server : client.servers()) {
            result.put(server, detect(server));
        }
        return result;
    }

    @Override
    public void verify() {
        for (Capabilities c : detect().values()) {
            if (!c.metadump()) {
                String detected = c.rawVersion().isEmpty() ? "unknown" : c.rawVersion();
                String why = c.version().isPresent() && c.version().get().supportsMetadump()
                        ? ": the version is recent enough but the LRU crawler is disabled; " + MetadumpSupport.HOW_TO_ENABLE
                        : "";
                throw new UnsupportedVersionException(
                        MetadumpSupport.versionRequired(detected, c.server()) + why, c.rawVersion());
            }
        }
    }

    Capabilities detect(ServerAddress server) {
        try (Probe probe = new Probe(server)) {
            String versionLine = probe.firstLine("version", true).orElse("");
            String rawVersion = versionLine.startsWith("VERSION ") ? versionLine.substring("VERSION ".length()) : "";
            Optional<ServerVersion> version = ServerVersion.tryParse(rawVersion);
            Map<String, String> settings = probe.stats("stats settings");
            boolean crawler = "yes".equals(settings.get("lru_crawler"));
            boolean metadump = crawler && version.map(ServerVersion::supportsMetadump).orElse(false);
            boolean meta = probe.firstLine("mn", false).map("MN"::equals).orElse(false);
            boolean mgdump = probe.firstLine(MGDUMP_PROBE, false).map(ProbingCapabilityDetector::knowsMgdump)
                    .orElse(false);
            return Capabilities.of(server, rawVersion, crawler, metadump, meta, mgdump,
                    parseLong(settings.get("item_size_max")));
        }
    }

    /** What memcached with mgdump answers to {@link #MGDUMP_PROBE}; one without answers {@code ERROR}. */
    private static boolean knowsMgdump(String reply) {
        return reply.startsWith("BADCLASS") || reply.startsWith("BUSY") || reply.startsWith("NOTSTARTED")
                || reply.equals(MetadumpSupport.CRAWLER_DISABLED_REPLY);
    }

    private static long parseLong(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The probes of one server; reconnects after a probe that left the connection in an unknown state. */
    private final class Probe implements AutoCloseable {
        private final ServerAddress server;
        private LineReader reader;

        Probe(ServerAddress server) {
            this.server = server;
        }

        /**
         * Sends a command and reads one line. With {@code required}, a lost connection or a timeout is
         * thrown (the server does not answer at all); otherwise it means "not supported".
         */
        Optional<String> firstLine(String command, boolean required) {
            try {
                LineReader r = reader();
                r.send(command);
                return Optional.of(r.readLine());
            } catch (MemcachedTimeoutException | MemcachedConnectionException e) {
                discard();
                if (required) {
                    throw e;
                }
                return Optional.empty();
            }
        }

        /** Reads a {@code stats} group; empty when the server does not know it. */
        Map<String, String> stats(String command) {
            Map<String, String> stats = new LinkedHashMap<>();
            List<String> lines = new ArrayList<>();
            try {
                LineReader r = reader();
                r.send(command);
                for (String line = r.readLine(); !line.equals("END"); line = r.readLine()) {
                    if (MetadumpSupport.isError(line)) {
                        return stats;
                    }
                    lines.add(line);
                }
            } catch (MemcachedTimeoutException | MemcachedConnectionException e) {
                discard();
                return stats;
            }
            for (String line : lines) {
                String[] parts = line.split(" ", 3);
                if (parts.length == 3 && parts[0].equals("STAT")) {
                    stats.put(parts[1], parts[2]);
                }
            }
            return stats;
        }

        private LineReader reader() {
            if (reader == null) {
                reader = new LineReader(client.openLineConnection(server), timeout);
            }
            return reader;
        }

        private void discard() {
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }

        @Override
        public void close() {
            discard();
        }
    }
}
