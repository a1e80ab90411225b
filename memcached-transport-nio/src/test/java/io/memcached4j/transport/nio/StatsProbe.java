package io.memcached4j.transport.nio;

import io.memcached4j.LineConnection;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;

import java.time.Duration;

/**
 * A connection of its own to a server that reads {@code curr_connections}, so that a test can see
 * what a client holds open there (lanes included); the probe counts itself in every reading.
 */
final class StatsProbe implements AutoCloseable {
    private final LineConnection line;

    /**
     * @param opener any client, used only to open the probe's connection with its TLS and login
     * @param server the server to watch
     */
    StatsProbe(MemcachedClient opener, ServerAddress server) {
        this.line = opener.openLineConnection(server);
    }

    /** @return the server's {@code curr_connections} now */
    long currConnections() {
        line.sendLine("stats");
        long value = -1;
        for (String l = line.readLine(Duration.ofSeconds(5)); !l.equals("END"); l = line.readLine(Duration.ofSeconds(5))) {
            if (l.startsWith("STAT curr_connections ")) {
                value = Long.parseLong(l.substring("STAT curr_connections ".length()));
            }
        }
        return value;
    }

    @Override
    public void close() {
        line.close();
    }
}
