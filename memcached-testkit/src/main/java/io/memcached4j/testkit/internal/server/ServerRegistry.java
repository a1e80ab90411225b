package io.memcached4j.testkit.internal.server;

import io.memcached4j.ServerAddress;
import io.memcached4j.testkit.ServerClock;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which cache an address reaches in memory: the running {@code FakeMemcached} registered at that
 * exact address, else an in-memory cache with memcached's defaults, created on first use and
 * shared by the whole JVM until {@link #reset()}. Addresses match exactly ({@code localhost:11211}
 * is not {@code 127.0.0.1:11211}).
 */
public final class ServerRegistry {
    private static final ConcurrentMap<ServerAddress, Server> RUNNING = new ConcurrentHashMap<>();
    private static final ConcurrentMap<ServerAddress, Server> IN_MEMORY = new ConcurrentHashMap<>();

    /**
     * A server reachable in memory.
     *
     * @param engine its cache
     * @param hooks its request log and faults ({@link ServerHooks#NONE} for none)
     */
    public record Server(Engine engine, ServerHooks hooks) {
        /**
         * Checks the components.
         *
         * @param engine its cache
         * @param hooks its request log and faults
         */
        public Server {
            Objects.requireNonNull(engine, "engine");
            Objects.requireNonNull(hooks, "hooks");
        }
    }

    private ServerRegistry() {
    }

    /**
     * Makes a running fake reachable in memory at its address.
     *
     * @param address the address it listens on
     * @param server its cache and hooks
     */
    public static void register(ServerAddress address, Server server) {
        RUNNING.put(Objects.requireNonNull(address, "address"), Objects.requireNonNull(server, "server"));
    }

    /**
     * Removes a fake that stopped, unless another one took its address since.
     *
     * @param address the address it listened on
     * @param server what it registered
     */
    public static void unregister(ServerAddress address, Server server) {
        RUNNING.remove(address, server);
    }

    /**
     * Returns the cache an address reaches now.
     *
     * @param address the address
     * @return the running fake, else the address's in-memory cache (without faults)
     */
    public static Server serverAt(ServerAddress address) {
        Server running = RUNNING.get(address);
        if (running != null) {
            return running;
        }
        return IN_MEMORY.computeIfAbsent(address, a -> new Server(
                new Engine(EngineSettings.defaults(a.host(), a.port()), ServerClock.system()), ServerHooks.NONE));
    }

    /** Discards every in-memory cache; running fakes are not affected. */
    public static void reset() {
        IN_MEMORY.clear();
    }
}
