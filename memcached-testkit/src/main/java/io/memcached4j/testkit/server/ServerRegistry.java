package io.memcached4j.testkit.server;

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
    private static final ConcurrentMap<ServerAddress, Engine> RUNNING = new ConcurrentHashMap<>();
    private static final ConcurrentMap<ServerAddress, Engine> IN_MEMORY = new ConcurrentHashMap<>();

    private ServerRegistry() {
    }

    /**
     * Makes a running fake reachable in memory at its address.
     *
     * @param address the address it listens on
     * @param engine its cache
     */
    public static void register(ServerAddress address, Engine engine) {
        RUNNING.put(Objects.requireNonNull(address, "address"), Objects.requireNonNull(engine, "engine"));
    }

    /**
     * Removes a fake that stopped, unless another one took its address since.
     *
     * @param address the address it listened on
     * @param engine its cache
     */
    public static void unregister(ServerAddress address, Engine engine) {
        RUNNING.remove(address, engine);
    }

    /**
     * Returns the cache an address reaches now.
     *
     * @param address the address
     * @return the running fake's cache, else the address's in-memory cache
     */
    public static Engine engineFor(ServerAddress address) {
        Engine running = RUNNING.get(address);
        if (running != null) {
            return running;
        }
        return IN_MEMORY.computeIfAbsent(address,
                a -> new Engine(EngineSettings.defaults(a.host(), a.port()), ServerClock.system()));
    }

    /** Discards every in-memory cache; running fakes are not affected. */
    public static void reset() {
        IN_MEMORY.clear();
    }
}
