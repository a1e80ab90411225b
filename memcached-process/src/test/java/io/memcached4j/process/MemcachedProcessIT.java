package io.memcached4j.process;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemcachedProcessIT {

    @Test
    void startsPausesResumesRestartsAndKills() throws Exception {
        try (MemcachedProcess memcached = MemcachedProcess.start()) {
            assertEquals("127.0.0.1", memcached.address().host());
            long firstPid = memcached.pid();
            try (RawTextSession session = RawTextSession.open(memcached.address())) {
                assertTrue(session.command("version").startsWith("VERSION 1."));

                memcached.pause();
                session.send("version\r\n");
                assertTrue(session.silentFor(Duration.ofMillis(300)), "a paused server answers nothing");

                memcached.resume();
                assertTrue(session.readLine().startsWith("VERSION 1."), "the reply arrives after SIGCONT");
            }

            int port = memcached.port();
            memcached.restart();
            assertEquals(port, memcached.port());
            assertNotEquals(firstPid, memcached.pid());
            try (RawTextSession session = RawTextSession.open(memcached.address())) {
                assertTrue(session.command("version").startsWith("VERSION 1."));
            }

            memcached.kill();
            assertFalse(memcached.isAlive());
            assertFalse(RawTextSession.isListening(memcached.address()));
        }
    }

    @Test
    void twoProcessesGetTwoPorts() {
        try (MemcachedProcess a = MemcachedProcess.start(); MemcachedProcess b = MemcachedProcess.start()) {
            assertNotEquals(a.port(), b.port());
        }
    }
}
