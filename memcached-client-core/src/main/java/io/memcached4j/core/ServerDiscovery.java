package io.memcached4j.core;

import io.memcached4j.ClientConfig;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.ServerAddress;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps a client's server list in step with a {@link Source} (an ElastiCache configuration endpoint,
 * DNS groups): asks it once when the client opens, then every {@link ClientConfig#discoveryInterval()}
 * on a thread of its own, and applies what it answers with {@link AsyncClient#updateServers}. A poll
 * that fails, or answers nothing new, keeps the current list; a failure is logged at WARNING.
 */
final class ServerDiscovery implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.memcached4j.core");
    private static final AtomicInteger IDS = new AtomicInteger();

    /** Where the server list comes from. */
    interface Source {
        /**
         * Asks for the server list.
         *
         * @return the list to apply, or null when there is nothing new
         * @throws Exception when the answer cannot be had or read; the current list is kept
         */
        List<ServerAddress> poll() throws Exception;

        /** @return what is asked, for logs, such as {@code ElastiCache endpoint host:port} */
        String describe();
    }

    private final AsyncClient client;
    private final Source source;
    private final ScheduledThreadPoolExecutor executor;

    private ServerDiscovery(AsyncClient client, Source source) {
        this.client = client;
        this.source = source;
        int id = IDS.incrementAndGet();
        this.executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "memcached4j-discovery-" + id);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /**
     * Starts the discovery a client's configuration asks for, after one poll on the calling thread.
     *
     * @param client the client
     * @return the running discovery, or null when the configuration has none
     * @throws MemcachedConnectionException when the first poll fails and the client has no server
     */
    static ServerDiscovery start(AsyncClient client) {
        ClientConfig config = client.dispatcher().config();
        Source source;
        if (config.elastiCacheEndpoint().isPresent()) {
            source = new ElastiCacheSource(config.elastiCacheEndpoint().get(), client.dispatcher(),
                    config.operationTimeout());
        } else if (!config.dnsGroups().isEmpty()) {
            source = new DnsGroupSource(config.servers(), config.dnsGroups(), config.hostResolver());
        } else {
            return null;
        }
        ServerDiscovery discovery = new ServerDiscovery(client, source);
        try {
            List<ServerAddress> first = source.poll();
            if (first != null) {
                client.updateServers(first);
            }
        } catch (Exception e) {
            if (client.servers().isEmpty()) {
                discovery.close();
                throw new MemcachedConnectionException("cannot learn the memcached servers from "
                        + source.describe() + ": " + e.getMessage(), e);
            }
            LOG.log(Level.WARNING, "memcached4j cannot learn the servers from " + source.describe()
                    + "; keeping " + client.servers() + " and asking again in " + config.discoveryInterval(), e);
        }
        if (client.servers().isEmpty()) {
            discovery.close();
            throw new MemcachedConnectionException("cannot learn the memcached servers from " + source.describe()
                    + ": it named none");
        }
        long interval = config.discoveryInterval().toNanos();
        discovery.executor.scheduleWithFixedDelay(discovery::pollOnce, interval, interval, TimeUnit.NANOSECONDS);
        return discovery;
    }

    /** One scheduled poll: applies a new list, or keeps the current one and warns. Never throws. */
    private void pollOnce() {
        try {
            List<ServerAddress> servers = source.poll();
            if (servers != null) {
                client.updateServers(servers);
            }
        } catch (Exception | Error e) {
            if (executor.isShutdown()) {
                return; // the client is closing
            }
            LOG.log(Level.WARNING, "memcached4j cannot learn the servers from " + source.describe() + ": " + e
                    + "; keeping " + client.servers(), e);
        }
    }

    /** Stops polling and waits for a poll under way (up to the operation timeout and a second), unless on the poller thread. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(client.timeoutNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
