package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.ClientListener;
import io.memcached4j.LineConnection;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.process.Await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection of its own to a server that reads {@code curr_connections}, so that a test can see
 * what a client holds open there (lanes included); the probe counts itself in every reading.
 */
final class StatsProbe implements AutoCloseable {
    private final LineConnection line;
    /** The client the probe opened for itself, closed with it; null when the test's client opened it. */
    private final MemcachedClient own;

    /**
     * @param opener a client of the server, used only to open the probe's connection with its TLS and login
     * @param server the server to watch
     */
    StatsProbe(MemcachedClient opener, ServerAddress server) {
        this(opener, server, null);
    }

    private StatsProbe(MemcachedClient opener, ServerAddress server, MemcachedClient own) {
        this.line = opener.openLineConnection(server);
        this.own = own;
    }

    /**
     * Opens a probe of a plain server through a client of its own, whose one connection is up when
     * this returns, so that readings taken from then on change only with the other clients.
     *
     * @param server the server to watch
     * @return the probe
     */
    static StatsProbe open(ServerAddress server) {
        AtomicBoolean up = new AtomicBoolean();
        MemcachedClient opener = Memcached.connect(ClientConfig.builder().servers(List.of(server)).transport("nio")
                .connectionsPerServer(1).listener(new ClientListener() {
                    @Override
                    public void connectionUp(ServerAddress s, boolean reconnect) {
                        up.set(true);
                    }
                }).build());
        Await.until(Duration.ofSeconds(10), up::get, "the probe's client connected");
        return new StatsProbe(opener, server, opener);
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
        if (own != null) {
            own.close();
        }
    }
}
