package io.memcached4j.testkit;

import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.process.RawTextSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same scripted sessions, sent over raw sockets to a real memcached 1.6.18 and to the fake,
 * must get byte-for-byte equal replies once CAS values, times and statistics values are
 * masked. Where they differ, the fake is wrong.
 */
class FakeMemcachedDifferentialIT {
    private static final long SEED = 0x6D656D636163686CL;
    private static final int ROUNDS = 15;

    private static MemcachedProcess real;
    private static FakeMemcached fake;

    @BeforeAll
    static void start() {
        real = MemcachedProcess.start();
        fake = FakeMemcached.start();
    }

    @AfterAll
    static void stop() {
        if (fake != null) {
            fake.close();
        }
        if (real != null) {
            real.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> sessionsGetTheSameRepliesFromTheFakeAsFromMemcached() {
        List<WireSession> sessions = SessionGenerator.generate(SEED, ROUNDS);
        assertTrue(sessions.size() >= 200, "at least 200 sessions, got " + sessions.size());
        return sessions.stream().map(session -> DynamicTest.dynamicTest(session.name, () -> {
            if (!session.ownServer()) {
                compare(session, real);
                return;
            }
            try (MemcachedProcess own = MemcachedProcess.start()) {
                compare(session, own);
            }
        }));
    }

    private static void compare(WireSession session, MemcachedProcess memcached) throws IOException {
        InetSocketAddress realAddress = new InetSocketAddress("127.0.0.1", memcached.port());
        InetSocketAddress fakeAddress = new InetSocketAddress("127.0.0.1", fake.port());
        flush(realAddress);
        flush(fakeAddress);
        List<String> expected = session.run(realAddress);
        List<String> actual = session.run(fakeAddress);
        for (int i = 0; i < session.steps.size(); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                StringBuilder history = new StringBuilder();
                for (int j = 0; j < i; j++) {
                    history.append("step ").append(j).append(": ").append(session.steps.get(j)).append("\n  -> ")
                            .append(expected.get(j).replace("\r\n", "|")).append('\n');
                }
                flush(realAddress);
                String replay = session.run(realAddress).get(i);
                assertEquals(expected.get(i), actual.get(i), history + "step " + i + ": " + session.steps.get(i)
                        + "\n(the same session replayed on memcached answered this step "
                        + (replay.equals(expected.get(i)) ? "the same" : "differently: " + replay.replace("\r\n", "|"))
                        + ")");
            }
        }
    }

    private static void flush(InetSocketAddress address) {
        try (RawTextSession session = RawTextSession.open(address)) {
            assertEquals("OK", session.command("flush_all"));
        }
    }
}
