package io.memcached4j.enumeration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memcached4j.ClientConfig;
import io.memcached4j.EnumerationOptions;
import io.memcached4j.KeyEnumerator;
import io.memcached4j.KeyInfo;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.process.RawTextSession;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * One million keys enumerated completely in a JVM whose heap is 64 MB (the Failsafe execution
 * {@code million-keys-small-heap} of this module's pom): the keys are streamed, never held, and
 * checked off in a bit set of their indexes.
 */
class MillionKeysIT {
    private static final int KEYS = 1_000_000;
    private static final String PREFIX = "million:";

    @Test
    void everyKeyOfAMillionIsEnumeratedOnceInASmallHeap() {
        if (Boolean.getBoolean("memcached4j.enumeration.smallHeap")) {
            assertTrue(Runtime.getRuntime().maxMemory() <= 64L * 1024 * 1024,
                    "this test must run with -Xmx64m, max heap is " + Runtime.getRuntime().maxMemory());
        }
        try (MemcachedProcess memcached = MemcachedProcess.builder().memoryMegabytes(256).start();
             MemcachedClient client = Memcached.connect(ClientConfig.builder().servers(List.of(memcached.address()))
                     .operationTimeout(Duration.ofSeconds(10)).build())) {
            try (RawTextSession bulk = RawTextSession.open(memcached.address())) {
                bulk.setQuietly(PREFIX, KEYS);
            }
            Map<String, String> stats = client.stats().get(memcached.address());
            assertEquals(String.valueOf(KEYS), stats.get("curr_items"));
            assertEquals("0", stats.get("evictions"));

            BitSet seen = new BitSet(KEYS);
            long[] counts = new long[3]; // total, duplicates, strangers
            KeyEnumerator enumerator = Memcached.keyEnumerator(client)
                    .withOptions(EnumerationOptions.builder().hash().build());
            try (Stream<KeyInfo> keys = enumerator.stream()) {
                keys.forEach(k -> {
                    counts[0]++;
                    int index = indexOf(k.key());
                    if (index < 0 || index >= KEYS) {
                        counts[2]++;
                    } else if (seen.get(index)) {
                        counts[1]++;
                    } else {
                        seen.set(index);
                    }
                });
            }

            assertEquals(0, counts[2], "keys that were never written");
            assertEquals(0, counts[1], "keys enumerated twice");
            assertEquals(KEYS, seen.cardinality(), "first missing index: " + seen.nextClearBit(0));
            assertEquals(KEYS, counts[0]);
            assertEquals(0, ((CrawlerKeyEnumerator) enumerator).unparsedLines());
        }
    }

    /** Reads the index back from a key {@link RawTextSession#setQuietly} wrote, or -1 when it is not one of them. */
    private static int indexOf(String key) {
        if (!key.startsWith(PREFIX) || key.length() == PREFIX.length() || key.length() > PREFIX.length() + 9) {
            return -1;
        }
        int n = 0;
        for (int i = PREFIX.length(); i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
