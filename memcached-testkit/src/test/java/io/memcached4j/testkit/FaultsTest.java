package io.memcached4j.testkit;

import io.memcached4j.process.RawTextSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.memcached4j.testkit.RequestMatcher.command;
import static io.memcached4j.testkit.RequestMatcher.keyPrefix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultsTest {
    private static final Duration QUIET = Duration.ofMillis(200);

    private FakeMemcached fake;

    @BeforeEach
    void start() {
        fake = FakeMemcached.start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private RawTextSession connect() {
        return RawTextSession.open(fake.address());
    }

    private void set(RawTextSession c, String key, String value) throws IOException {
        c.send("set " + key + " 0 0 " + value.length() + "\r\n" + value + "\r\n");
        assertEquals("STORED", c.readLine());
    }

    @Test
    void serverErrorForMatchingCommandAndKeyPrefixOnly() throws IOException {
        FaultRule rule = fake.faults().on(command("get").and(keyPrefix("user:"))).replyServerError("out of memory");
        try (RawTextSession c = connect()) {
            set(c, "user:1", "a");
            set(c, "other", "b");
            c.send("get user:1\r\n");
            assertEquals("SERVER_ERROR out of memory", c.readLine());
            c.send("get other\r\n");
            assertEquals("VALUE other 0 1", c.readLine());
            assertEquals("b", c.readLine());
            assertEquals("END", c.readLine());
            c.send("gets user:1\r\n");
            assertTrue(c.readLine().startsWith("VALUE user:1 0 1 "), "gets is another command");
        }
        assertEquals(1, rule.matchCount());
        assertTrue(rule.isActive());
    }

    @Test
    void replacedRequestIsNotExecuted() throws IOException {
        fake.faults().onCommand("set").times(1).replyServerError("busy");
        try (RawTextSession c = connect()) {
            c.send("set k 0 0 1\r\nv\r\n");
            assertEquals("SERVER_ERROR busy", c.readLine());
            c.send("get k\r\n");
            assertEquals("END", c.readLine());
        }
        assertEquals(0, fake.itemCount());
    }

    @Test
    void ruleLimitedToNextMatchesThenNormal() throws IOException {
        FaultRule rule = fake.faults().onCommand("version").times(2).replyServerError("x");
        try (RawTextSession c = connect()) {
            c.send("version\r\nversion\r\nversion\r\n");
            assertEquals("SERVER_ERROR x", c.readLine());
            assertEquals("SERVER_ERROR x", c.readLine());
            assertEquals("VERSION 1.6.18", c.readLine());
        }
        assertEquals(2, rule.matchCount());
        assertFalse(rule.isActive());
        assertTrue(fake.faults().rules().isEmpty());
    }

    @Test
    void firstInstalledRuleWins() throws IOException {
        fake.faults().onCommand("version").times(1).replyServerError("first");
        fake.faults().onAnyRequest().replyServerError("second");
        try (RawTextSession c = connect()) {
            c.send("version\r\nversion\r\n");
            assertEquals("SERVER_ERROR first", c.readLine());
            assertEquals("SERVER_ERROR second", c.readLine());
        }
    }

    @Test
    void garbageBytesVerbatim() throws IOException {
        byte[] garbage = {(byte) 0xff, 0, 'x', '\r', '\n', (byte) 0x80};
        fake.faults().onCommand("get").replyBytes(garbage);
        try (RawTextSession c = connect()) {
            c.send("get k\r\nversion\r\n");
            assertArrayEquals(garbage, c.readBytes(garbage.length));
            assertEquals("VERSION 1.6.18", c.readLine());
        }
    }

    @Test
    void removedAndClearedRulesStopApplying() throws IOException {
        FaultRule rule = fake.faults().onCommand("version").replyServerError("x");
        try (RawTextSession c = connect()) {
            c.send("version\r\n");
            assertEquals("SERVER_ERROR x", c.readLine());
            rule.remove();
            assertFalse(rule.isActive());
            c.send("version\r\n");
            assertEquals("VERSION 1.6.18", c.readLine());
            fake.faults().onAnyRequest().replyServerError("y");
            fake.faults().closeConnectionsAfterRequests(100);
            fake.faults().clear();
            assertTrue(fake.faults().rules().isEmpty());
            c.send("version\r\n");
            assertEquals("VERSION 1.6.18", c.readLine());
        }
    }

    @Test
    void delayHoldsTheReplyAndTheOnesAfterItInOrder() throws IOException {
        Duration delay = Duration.ofMillis(300);
        fake.faults().onCommand("get").times(1).delay(delay);
        try (RawTextSession c = connect()) {
            set(c, "k", "v");
            long started = System.nanoTime();
            c.send("get k\r\nversion\r\n");
            assertEquals("VALUE k 0 1", c.readLine());
            long elapsed = System.nanoTime() - started;
            assertTrue(elapsed >= delay.toNanos(), "the reply came after " + elapsed + " ns");
            assertEquals("v", c.readLine());
            assertEquals("END", c.readLine());
            assertEquals("VERSION 1.6.18", c.readLine());
        }
    }

    @Test
    void delayedConnectionDoesNotBlockOthers() throws IOException, InterruptedException {
        fake.faults().on(command("set").and(keyPrefix("slow"))).delay(Duration.ofHours(1));
        try (RawTextSession slow = connect(); RawTextSession fast = connect()) {
            slow.send("set slow 0 0 1\r\nv\r\nversion\r\n");
            assertEquals("set", fake.takeRequest().command());
            fast.send("get slow\r\n");
            assertEquals("VALUE slow 0 1", fast.readLine(), "executed at once, only the reply is held");
            assertEquals("v", fast.readLine());
            assertEquals("END", fast.readLine());
            assertTrue(slow.silentFor(QUIET), "the delayed reply and the version behind it are held");
        }
    }

    @Test
    void stallExecutesButNeverReplies() throws IOException, InterruptedException {
        fake.faults().onCommand("set").stall();
        try (RawTextSession stalled = connect(); RawTextSession other = connect()) {
            stalled.send("set k 0 0 1\r\nv\r\nversion\r\n");
            assertEquals("set", fake.takeRequest().command());
            other.send("get k\r\n");
            assertEquals("VALUE k 0 1", other.readLine());
            assertEquals("v", other.readLine());
            assertEquals("END", other.readLine());
            assertTrue(stalled.silentFor(QUIET));
            stalled.send("get k\r\n");
            assertTrue(stalled.silentFor(QUIET));
        }
        assertEquals(4, fake.requestCount(), "the stalled connection is still read");
        assertEquals("get k", fake.requests().get(3).commandLine());
    }

    @Test
    void closeConnectionInsteadOfExecuting() throws IOException {
        fake.faults().onCommand("delete").closeConnection();
        try (RawTextSession c = connect()) {
            set(c, "k", "v");
            c.send("version\r\ndelete k\r\nversion\r\n");
            assertEquals("VERSION 1.6.18", c.readLine());
            assertEquals(-1, c.read());
        }
        assertEquals(1, fake.itemCount());
    }

    @Test
    void closeAfterEarlierDelayedReplies() throws IOException {
        fake.faults().onCommand("version").times(1).delay(Duration.ofMillis(100));
        fake.faults().onCommand("delete").closeConnection();
        try (RawTextSession c = connect()) {
            c.send("version\r\ndelete k\r\n");
            assertEquals("VERSION 1.6.18", c.readLine());
            assertEquals(-1, c.read());
        }
    }

    @Test
    void truncateReplyCutsItAndCloses() throws IOException {
        fake.faults().onCommand("version").truncateReply(5);
        try (RawTextSession c = connect()) {
            c.send("version\r\nversion\r\n");
            assertEquals("VERSI", new String(c.readToEnd(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void closeConnectionsAfterRequests() throws IOException {
        fake.faults().closeConnectionsAfterRequests(2);
        try (RawTextSession c = connect()) {
            c.send("version\r\nversion\r\nversion\r\n");
            assertEquals("VERSION 1.6.18\r\nVERSION 1.6.18\r\n",
                    new String(c.readToEnd(), StandardCharsets.US_ASCII));
        }
        try (RawTextSession c = connect()) {
            c.send("version\r\n");
            assertEquals("VERSION 1.6.18", c.readLine());
            c.send("version\r\n");
            assertEquals("VERSION 1.6.18", c.readLine());
            assertEquals(-1, c.read());
        }
    }

    @Test
    void closeConnectionsAfterReplyBytes() throws IOException {
        fake.faults().closeConnectionsAfterBytes(20);
        try (RawTextSession c = connect()) {
            c.send("version\r\nversion\r\n");
            assertEquals("VERSION 1.6.18\r\nVERS", new String(c.readToEnd(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void refuseConnectionsThenAcceptAgain() throws IOException {
        fake.faults().refuseConnections();
        try (RawTextSession c = connect()) {
            assertEquals(-1, c.read());
        }
        fake.faults().acceptConnections();
        try (RawTextSession c = connect()) {
            c.send("version\r\n");
            assertEquals("VERSION 1.6.18", c.readLine());
        }
    }

    @Test
    void stoppedAcceptingLeavesConnectionsWaitingUntilAcceptedAgain() throws IOException {
        try (RawTextSession open = connect()) {
            open.send("version\r\n");
            assertEquals("VERSION 1.6.18", open.readLine());
            fake.faults().stopAccepting();
            try (RawTextSession waiting = connect()) {
                waiting.send("version\r\n");
                assertTrue(waiting.silentFor(QUIET));
                open.send("version\r\n");
                assertEquals("VERSION 1.6.18", open.readLine(), "open connections are served");
                fake.faults().acceptConnections();
                assertEquals("VERSION 1.6.18", waiting.readLine());
            }
        }
    }

    @Test
    void connectionPoliciesOnAClosedFakeReturnAtOnce() {
        fake.close();
        fake.faults().stopAccepting().acceptConnections();
        assertTrue(fake.faults().rules().isEmpty());
    }

    @Test
    void replyForKeyAnswersWithTheOtherKeysReply() throws IOException {
        FaultRule rule = fake.faults().on(RequestMatcher.key("victim")).replyForKey("someone-else");
        fake.faults().onCommand("version").replyForKey("x");
        try (RawTextSession c = connect()) {
            set(c, "someone-else", "hello");
            c.send("get victim\r\ngat 0 victim absent\r\n");
            assertEquals("VALUE someone-else 0 5", c.readLine());
            assertEquals("hello", c.readLine());
            assertEquals("END", c.readLine());
            assertEquals("VALUE someone-else 0 5", c.readLine(), "the first key is replaced");
            assertEquals("hello", c.readLine());
            assertEquals("END", c.readLine());
            c.send("mg victim v k O5\r\nmg victim s O0\r\nmd victim q\r\nmn\r\n");
            assertEquals("VA 5 ksomeone-else O0", c.readLine(), "another request's opaque token");
            assertEquals("hello", c.readLine());
            assertEquals("HD s5 O1", c.readLine());
            assertEquals("MN", c.readLine(), "the quiet delete of someone-else succeeded");
            c.send("version\r\nget someone-else\r\n");
            assertEquals("VERSION 1.6.18", c.readLine(), "a request without a key is answered normally");
            assertEquals("END", c.readLine());
            c.send("set victim 0 0 3\r\nnew\r\n");
            assertEquals("STORED", c.readLine());
        }
        assertEquals(6, rule.matchCount());
        assertEquals(List.of("victim"), fake.requests().get(1).keys(), "the log shows what the client sent");
        try (RawTextSession c = connect()) {
            rule.remove();
            c.send("get someone-else victim\r\n");
            assertEquals("VALUE someone-else 0 3", c.readLine(), "the data block went to the other key");
            assertEquals("new", c.readLine());
            assertEquals("END", c.readLine());
        }
    }

    @Test
    void extraReplyFollowsTheRealOne() throws IOException {
        byte[] extra = "VALUE stray 0 5\r\nstray\r\nEND\r\n".getBytes(StandardCharsets.US_ASCII);
        FaultRule rule = fake.faults().onCommand("get").times(1).extraReply(extra);
        try (RawTextSession c = connect()) {
            set(c, "k", "v");
            c.send("get k\r\nversion\r\n");
            assertEquals("VALUE k 0 1", c.readLine());
            assertEquals("v", c.readLine());
            assertEquals("END", c.readLine());
            assertArrayEquals(extra, c.readBytes(extra.length));
            assertEquals("VERSION 1.6.18", c.readLine());
        }
        assertFalse(rule.isActive());
    }

    @Test
    void duplicateReplyWritesItTwice() throws IOException {
        fake.faults().onCommand("incr").times(1).duplicateReply();
        try (RawTextSession c = connect()) {
            set(c, "n", "1");
            c.send("incr n 1\r\nincr n 1\r\n");
            assertEquals("2", c.readLine());
            assertEquals("2", c.readLine(), "the same reply again, not a second execution");
            assertEquals("3", c.readLine());
        }
    }

    @Test
    void splitReplyWritesTheRestLater() throws IOException {
        Duration delay = Duration.ofMillis(300);
        fake.faults().onCommand("get").times(1).splitReply(7, delay);
        try (RawTextSession c = connect()) {
            set(c, "k", "v");
            long started = System.nanoTime();
            c.send("get k\r\nversion\r\n");
            assertEquals("VALUE k", new String(c.readBytes(7), StandardCharsets.US_ASCII));
            assertEquals(" 0 1", c.readLine());
            long elapsed = System.nanoTime() - started;
            assertTrue(elapsed >= delay.toNanos(), "the rest came after " + elapsed + " ns");
            assertEquals("v", c.readLine());
            assertEquals("END", c.readLine());
            assertEquals("VERSION 1.6.18", c.readLine(), "the replies after it waited");
        }
    }

    @Test
    void splitReplyHoldsTheFirstPartBackFromNothing() throws IOException {
        fake.faults().onCommand("version").times(1).splitReply(4, Duration.ofHours(1));
        try (RawTextSession c = connect()) {
            c.send("version\r\n");
            assertEquals("VERS", new String(c.readBytes(4), StandardCharsets.US_ASCII));
            assertTrue(c.silentFor(QUIET), "the rest is held");
        }
    }

    @Test
    void invalidRulesAreRefused() {
        Faults faults = fake.faults();
        assertThrows(IllegalArgumentException.class, () -> faults.onAnyRequest().times(0));
        assertThrows(IllegalArgumentException.class, () -> faults.onAnyRequest().delay(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> faults.onAnyRequest().replyServerError("a\r\nb"));
        assertThrows(IllegalArgumentException.class, () -> faults.onAnyRequest().truncateReply(-1));
        assertThrows(IllegalArgumentException.class, () -> faults.onAnyRequest().replyForKey("a b"));
        assertThrows(IllegalArgumentException.class, () -> faults.onAnyRequest().extraReply(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> faults.onAnyRequest().splitReply(-1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> faults.onAnyRequest().splitReply(1, Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> faults.closeConnectionsAfterRequests(0));
        assertThrows(IllegalArgumentException.class, () -> faults.closeConnectionsAfterBytes(0));
        assertThrows(IllegalArgumentException.class, () -> RequestMatcher.command());
        assertTrue(faults.rules().isEmpty());
    }
}
