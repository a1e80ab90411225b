package io.memcached4j.core;

import io.memcached4j.LineConnection;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks an ElastiCache configuration endpoint {@code config get cluster} on a connection of its own
 * (opened and closed for each poll, so a moved endpoint name is followed), and answers the nodes of
 * a configuration whose version is newer than the last one applied.
 */
final class ElastiCacheSource implements ServerDiscovery.Source {
    private static final System.Logger LOG = System.getLogger("io.memcached4j.core");
    static final String COMMAND = "config get cluster";

    private final ServerAddress endpoint;
    private final RequestDispatcher dispatcher;
    private final Duration timeout;
    /** The version last answered; -1 before the first. Only the poller thread. */
    private long version = -1;

    ElastiCacheSource(ServerAddress endpoint, RequestDispatcher dispatcher, Duration timeout) {
        this.endpoint = endpoint;
        this.dispatcher = dispatcher;
        this.timeout = timeout;
    }

    @Override
    public List<ServerAddress> poll() {
        ClusterConfig config = read();
        if (config.version() <= version) {
            if (config.version() < version) {
                LOG.log(Level.WARNING, "memcached4j: ElastiCache endpoint {0} answered configuration version {1}, "
                        + "older than version {2} in use; keeping it", endpoint, config.version(), version);
            }
            return null;
        }
        LOG.log(Level.DEBUG, "memcached4j: ElastiCache endpoint {0} answered configuration version {1}: {2}",
                endpoint, config.version(), config.nodes());
        version = config.version();
        return config.nodes();
    }

    private ClusterConfig read() {
        try (LineConnection connection = dispatcher.openLineConnection(endpoint)) {
            connection.sendLine(COMMAND);
            String header = connection.readLine(timeout);
            if (!header.startsWith("CONFIG cluster ")) {
                throw new ProtocolException("ElastiCache endpoint " + endpoint + " answered \"" + header + "\" to "
                        + COMMAND + " (is it the configuration endpoint of an ElastiCache memcached cluster, engine 1.4.14+?)");
            }
            List<String> lines = new ArrayList<>();
            for (String line = connection.readLine(timeout); !line.equals("END"); line = connection.readLine(timeout)) {
                if (lines.size() == ClusterConfig.MAX_LINES) {
                    throw new ProtocolException("ElastiCache endpoint " + endpoint + " sent more than "
                            + ClusterConfig.MAX_LINES + " lines without END to " + COMMAND);
                }
                lines.add(line);
            }
            return ClusterConfig.parse(lines);
        }
    }

    @Override
    public String describe() {
        return "ElastiCache configuration endpoint " + endpoint;
    }
}
