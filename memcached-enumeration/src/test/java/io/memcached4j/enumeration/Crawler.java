package io.memcached4j.enumeration;

import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Switches a real memcached's LRU crawler off and waits until it is off. */
final class Crawler {
    private Crawler() {
    }

    /**
     * Sends {@code lru_crawler disable} and waits until {@code stats settings} reports
     * {@code lru_crawler no}: memcached answers {@code OK} at once and stops the crawler thread
     * asynchronously.
     */
    static void disable(MemcachedClient client, ServerAddress server) {
        assertEquals(List.of("OK"), client.rawCommand(server, "lru_crawler disable"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!"no".equals(client.stats("settings").get(server).get("lru_crawler"))) {
            if (System.nanoTime() - deadline > 0) {
                fail("the LRU crawler of " + server + " was still enabled 5 s after lru_crawler disable");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
