package io.memcached4j.enumeration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.memcached4j.Capabilities;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ServerAddress;
import io.memcached4j.ServerVersion;
import io.memcached4j.UnsupportedVersionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

class ProbingCapabilityDetectorTest {
    private static final ServerAddress SERVER = new ServerAddress("127.0.0.1", 11211);
    private static final ServerAddress OTHER = new ServerAddress("127.0.0.1", 11212);

    /** A server answering version, stats settings, mn and the mgdump probe, on every new connection. */
    private static Supplier<ScriptedConnection> server(ServerAddress address, String version, String crawler, String mn,
                                                       String mgdump) {
        return () -> new ScriptedConnection(address).on("version", version)
                .on("stats settings", "STAT maxbytes 67108864", "STAT lru_crawler " + crawler,
                        "STAT item_size_max 1048576", "END")
                .on("mn", mn)
                .on(ProbingCapabilityDetector.MGDUMP_PROBE, mgdump);
    }

    /** The connections the detectors of a test opened. */
    private final List<ScriptedConnection> opened = new CopyOnWriteArrayList<>();

    @SafeVarargs
    private ProbingCapabilityDetector detector(Supplier<ScriptedConnection>... servers) {
        MemcachedClient client = mock(MemcachedClient.class);
        List<ServerAddress> addresses = new ArrayList<>();
        for (Supplier<ScriptedConnection> server : servers) {
            ServerAddress address = server.get().connection.server();
            addresses.add(address);
            when(client.openLineConnection(address)).thenAnswer(inv -> {
                ScriptedConnection c = server.get();
                opened.add(c);
                return c.connection;
            });
        }
        when(client.servers()).thenReturn(addresses);
        return new ProbingCapabilityDetector(client, Duration.ofSeconds(1));
    }

    @Test
    void aModernServerCanDoEverythingButMgdump() {
        Map<ServerAddress, Capabilities> found = detector(server(SERVER, "VERSION 1.6.18", "yes", "MN", "ERROR")).detect();

        assertEquals(Map.of(SERVER, Capabilities.of(SERVER, "1.6.18",
                true, true, true, false, 1_048_576)), found);
        assertEquals(1, opened.size());
        assertTrue(opened.get(0).isClosed());
    }

    @Test
    void aOneServerClientGetsItsCapabilitiesWithoutNamingTheServer() {
        Capabilities only = detector(server(SERVER, "VERSION 1.6.18", "yes", "MN", "ERROR")).detectSingleServer();

        assertEquals(Capabilities.of(SERVER, "1.6.18", true, true, true, false, 1_048_576), only);
    }

    @Test
    void detectSingleServerRefusesSeveralServersNamingThemBeforeAsking() {
        ProbingCapabilityDetector detector = detector(server(SERVER, "VERSION 1.6.18", "yes", "MN", "ERROR"),
                server(OTHER, "VERSION 1.6.18", "yes", "MN", "ERROR"));

        IllegalStateException e = assertThrows(IllegalStateException.class, detector::detectSingleServer);
        assertEquals("detectSingleServer() is for a client of one server, and this one has 2: [" + SERVER + ", " + OTHER
                + "]; use detect(), which answers per server", e.getMessage());
        assertEquals(List.of(), opened, "no server was asked");
    }

    @Test
    void mgdumpExistsWhenTheProbeIsAnsweredWithoutError() {
        for (String reply : List.of("BADCLASS invalid class id", "CLIENT_ERROR lru crawler disabled",
                "BUSY currently processing crawler request")) {
            assertTrue(detector(server(SERVER, "VERSION 1.6.38", "yes", "MN", reply)).detect().get(SERVER).mgdump(),
                    reply);
        }
    }

    @Test
    void aDisabledCrawlerMeansNoMetadumpAndVerifySaysWhy() {
        ProbingCapabilityDetector detector = detector(server(SERVER, "VERSION 1.6.18", "no", "MN", "ERROR"));

        Capabilities c = detector.detect().get(SERVER);
        assertFalse(c.crawlerEnabled());
        assertFalse(c.metadump());
        UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class, detector::verify);
        assertTrue(e.getMessage().startsWith("memcached version 1.4.31 or later is required for lru_crawler metadump"
                + " support (detected: 1.6.18) on server " + SERVER), e.getMessage());
        assertTrue(e.getMessage().contains("LRU crawler is disabled"), e.getMessage());
        assertTrue(e.getMessage().contains("lru_crawler enable"), e.getMessage());
    }

    @Test
    void anOldServerIsTooOldEvenWithItsCrawlerOn() {
        ProbingCapabilityDetector detector = detector(server(SERVER, "VERSION 1.4.30", "yes", "ERROR", "ERROR"));

        Capabilities c = detector.detect().get(SERVER);
        assertTrue(c.crawlerEnabled());
        assertFalse(c.metadump());
        assertFalse(c.metaCommands());
        UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class, detector::verify);
        assertEquals("memcached version 1.4.31 or later is required for lru_crawler metadump support "
                + "(detected: 1.4.30) on server " + SERVER, e.getMessage());
        assertEquals("1.4.30", e.detectedVersion());
    }

    @Test
    void aGarbageVersionIsKeptRawAndUnsupported() {
        ProbingCapabilityDetector detector = detector(server(SERVER, "VERSION not-a-version", "yes", "MN", "ERROR"));

        Capabilities c = detector.detect().get(SERVER);
        assertEquals("not-a-version", c.rawVersion());
        assertEquals(Optional.empty(), c.version());
        assertFalse(c.metadump());
        assertTrue(c.metaCommands(), "meta commands are probed, not inferred from the version");
        UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class, detector::verify);
        assertTrue(e.getMessage().contains("(detected: not-a-version)"), e.getMessage());
    }

    @Test
    void verifyNamesTheServerThatCannot() {
        ProbingCapabilityDetector detector = detector(server(SERVER, "VERSION 1.6.18", "yes", "MN", "ERROR"),
                server(OTHER, "VERSION 1.4.25", "no", "ERROR", "ERROR"));

        UnsupportedVersionException e = assertThrows(UnsupportedVersionException.class, detector::verify);
        assertTrue(e.getMessage().endsWith("on server " + OTHER), e.getMessage());
    }

    @Test
    void verifyPassesWhenEveryServerCanDump() {
        detector(server(SERVER, "VERSION 1.4.31", "yes", "ERROR", "ERROR"),
                server(OTHER, "VERSION 1.6.0-beta", "yes", "MN", "ERROR")).verify();
    }

    @Test
    void aProbeThatLosesTheConnectionMeansUnsupportedAndTheNextProbeReconnects() {
        Capabilities c = detector(server(SERVER, "VERSION 1.6.18", "yes", ScriptedConnection.HANG_UP,
                "BADCLASS invalid class id")).detect().get(SERVER);

        assertFalse(c.metaCommands());
        assertTrue(c.mgdump(), "probed on a new connection");
        assertTrue(c.metadump());
        assertEquals(2, opened.size());
        assertEquals(List.of("version", "stats settings", "mn"), opened.get(0).sent);
        assertEquals(List.of(ProbingCapabilityDetector.MGDUMP_PROBE), opened.get(1).sent);
        assertTrue(opened.stream().allMatch(ScriptedConnection::isClosed));
    }

    @Test
    void aServerThatDoesNotAnswerAtAllFailsDetection() {
        assertThrows(MemcachedTimeoutException.class,
                () -> detector(() -> new ScriptedConnection(SERVER).on("version", List.of())).detect());
        assertTrue(opened.get(0).isClosed());
    }
}
