package io.memcached4j.testkit;

import io.memcached4j.process.Await;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.process.RawTextSession;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stats slabs} and {@code stats items} move in the fake as in memcached 1.6.18: the same
 * sessions, each on a fresh real memcached and a fresh fake (slab pages, once taken, are never
 * given back), get byte-for-byte equal replies, statistics values included. Only CAS values,
 * times and the per-class values that depend on memcached's background LRU threads (segments,
 * ages, moves) are masked.
 */
class SlabStatsDifferentialIT {
    private static final long SEED = 0x736C616273L;
    private static final int SESSIONS = 12;
    private static final Pattern JUGGLES = Pattern.compile("(?m)^STAT lru_maintainer_juggles (\\d+)$");

    @TestFactory
    Stream<DynamicTest> slabAndItemStatisticsAreTheSameInTheFakeAsInMemcached() {
        List<WireSession> sessions = SessionGenerator.slabSessions(SEED, SESSIONS);
        return sessions.stream().map(session -> DynamicTest.dynamicTest(session.name, () -> {
            List<String> expected;
            try (MemcachedProcess real = MemcachedProcess.start()) {
                InetSocketAddress address = new InetSocketAddress("127.0.0.1", real.port());
                expected = session.run(address, step -> {
                    if (new String(step.bytes(), StandardCharsets.US_ASCII).startsWith("stats slabs")) {
                        awaitMaintainerPass(address);
                    }
                });
            }
            List<String> actual;
            try (FakeMemcached fake = FakeMemcached.start()) {
                actual = session.run(new InetSocketAddress("127.0.0.1", fake.port()));
            }
            StringBuilder history = new StringBuilder();
            for (int i = 0; i < session.steps.size(); i++) {
                history.append("step ").append(i).append(": ").append(session.steps.get(i)).append('\n');
                assertEquals(expected.get(i), actual.get(i), history.toString());
            }
        }));
    }

    /**
     * Waits until memcached's LRU maintainer has begun and finished a pass after the requests so
     * far: a hit on an item in the cold segment queues an asynchronous bump that keeps the item's
     * chunk counted as used until the maintainer's next pass releases it.
     */
    private static void awaitMaintainerPass(InetSocketAddress address) {
        try (RawTextSession session = RawTextSession.open(address)) {
            long start = juggles(session);
            // it sleeps up to a second between passes
            Await.until(Duration.ofSeconds(10), () -> juggles(session) >= start + 2, "a pass of memcached's LRU maintainer");
        }
    }

    private static long juggles(RawTextSession session) {
        String reply = String.join("\n", session.command("stats", "END"));
        Matcher m = JUGGLES.matcher(reply);
        assertTrue(m.find(), reply);
        return Long.parseLong(m.group(1));
    }
}
