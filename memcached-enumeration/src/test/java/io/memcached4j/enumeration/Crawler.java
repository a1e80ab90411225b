package io.memcached4j.enumeration;

import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.process.Await;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        Await.until(Duration.ofSeconds(5), () -> "no".equals(client.stats("settings").get(server).get("lru_crawler")),
                "the LRU crawler of " + server + " to stop after lru_crawler disable");
    }
}
