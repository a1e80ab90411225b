package io.memcached4j.enumeration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memcached4j.Capabilities;
import io.memcached4j.CapabilityDetector;
import io.memcached4j.ClientConfig;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.ServerVersion;
import io.memcached4j.UnsupportedVersionException;
import io.memcached4j.process.MemcachedProcess;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@link CapabilityDetector} against real memcached 1.6.18, and against servers that claim other versions. */
class CapabilityDetectorIT {

    private static MemcachedClient connect(ServerAddress... servers) {
        return Memcached.connect(ClientConfig.builder().servers(List.of(servers))
                .operationTimeout(Duration.ofSeconds(2)).build());
    }

    @Test
    void realMemcachedWithItsCrawlerOnThenOff() {
        try (MemcachedProcess memcached = MemcachedProcess.start(); MemcachedClient client = connect(memcached.address())) {
            CapabilityDetector detector = Memcached.capabilityDetector(client);

            Capabilities on = detector.detect().get(memcached.address());
            assertEquals(Capabilities.of(memcached.address(), "1.6.18",
                    true, true, true, false, 1024 * 1024), on, "1.6.18 has no mgdump: it came in a later release");
            detector.verify();

            Crawler.disable(client, memcached.address());
            Capabilities off = detector.detect().get(memcached.address());
            assertFalse(off.crawlerEnabled());
            assertFalse(off.metadump());
            assertTrue(off.metaCommands());
            UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class, detector::verify);
            assertTrue(e.getMessage().startsWith("memcached version 1.4.31 or later is required for lru_crawler "
                    + "metadump support (detected: 1.6.18) on server " + memcached.address()), e.getMessage());
            assertTrue(e.getMessage().contains("LRU crawler is disabled"), e.getMessage());
        }
    }

    @Test
    void realMemcachedStartedWithoutItsCrawler() {
        try (MemcachedProcess memcached = MemcachedProcess.builder().arguments("-o", "no_lru_crawler").start();
             MemcachedClient client = connect(memcached.address())) {
            Capabilities c = Memcached.capabilityDetector(client).detect().get(memcached.address());

            assertFalse(c.crawlerEnabled());
            assertFalse(c.metadump());
        }
    }

    @Test
    void serversClaimingOtherVersions() throws Exception {
        try (ScriptedServer old = ScriptedServer.claiming("1.4.30", true, false);
             ScriptedServer first = ScriptedServer.claiming("1.4.31", true, false);
             ScriptedServer beta = ScriptedServer.claiming("1.6.0-beta", true, true)
                     .on(ProbingCapabilityDetector.MGDUMP_PROBE, "BADCLASS invalid class id");
             ScriptedServer garbage = ScriptedServer.claiming("garbage", true, true);
             MemcachedClient client = connect(old.address(), first.address(), beta.address(), garbage.address())) {
            Map<ServerAddress, Capabilities> found = Memcached.capabilityDetector(client).detect();

            assertEquals(List.of(old.address(), first.address(), beta.address(), garbage.address()),
                    List.copyOf(found.keySet()), "in configuration order");
            assertEquals(Capabilities.of(old.address(), "1.4.30",
                    true, false, false, false, 1024 * 1024), found.get(old.address()));
            assertEquals(Capabilities.of(first.address(), "1.4.31",
                    true, true, false, false, 1024 * 1024), found.get(first.address()));
            assertEquals(Capabilities.of(beta.address(), "1.6.0-beta",
                    true, true, true, true, 1024 * 1024), found.get(beta.address()));
            assertEquals(Capabilities.of(garbage.address(), "garbage",
                    true, false, true, false, 1024 * 1024), found.get(garbage.address()));
        }
    }

    @Test
    void verifyNamesTheOldServer() throws Exception {
        try (ScriptedServer old = ScriptedServer.claiming("1.4.30", true, false);
             ScriptedServer garbage = ScriptedServer.claiming("garbage", true, true);
             MemcachedClient oldClient = connect(old.address());
             MemcachedClient garbageClient = connect(garbage.address())) {
            UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class,
                    () -> Memcached.capabilityDetector(oldClient).verify());
            assertEquals("memcached version 1.4.31 or later is required for lru_crawler metadump support "
                    + "(detected: 1.4.30) on server " + old.address(), e.getMessage());

            e = assertThrows(UnsupportedVersionException.class, () -> Memcached.capabilityDetector(garbageClient).verify());
            assertEquals("memcached version 1.4.31 or later is required for lru_crawler metadump support "
                    + "(detected: garbage) on server " + garbage.address(), e.getMessage());
        }
    }
}
