package io.memcached4j.testkit;

import io.memcached4j.process.RawTextSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestLogTest {
    private FakeMemcached fake;

    @BeforeEach
    void start() {
        fake = FakeMemcached.builder().itemSizeMax(1024).requestLogCapacity(100).start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void recordsStorageRequestWithFlagsAndData() throws Exception {
        try (RawTextSession c = RawTextSession.open(fake.address())) {
            c.send("set user:1 4294967295 60 5\r\nhello\r\n");
            assertEquals("STORED", c.readLine());
        }
        RecordedRequest r = fake.takeRequest();
        assertEquals("set", r.command());
        assertEquals("user:1", r.key());
        assertEquals(List.of("user:1"), r.keys());
        assertEquals("set user:1 4294967295 60 5", r.commandLine());
        assertEquals(4294967295L, Integer.toUnsignedLong(r.flags()));
        assertEquals(5, r.dataLength());
        assertEquals("hello", r.dataAsString());
        assertEquals(0, r.sequenceNumber());
        assertTrue(r.metaFlags().isEmpty());
    }

    @Test
    void recordsEveryRequestInOrderWithConnectionAndSequence() throws Exception {
        try (RawTextSession a = RawTextSession.open(fake.address()); RawTextSession b = RawTextSession.open(fake.address())) {
            a.send("get k1 k2 k3\r\n");
            assertEquals("END", a.readLine());
            b.send("version\r\n");
            assertEquals("VERSION 1.6.18", b.readLine());
            a.send("bogus command\r\n");
            assertEquals("ERROR", a.readLine());
        }
        List<RecordedRequest> all = fake.requests();
        assertEquals(3, all.size());
        assertEquals(3, fake.requestCount());
        assertEquals(List.of("k1", "k2", "k3"), all.get(0).keys());
        assertEquals("version", all.get(1).command());
        assertTrue(all.get(1).keys().isEmpty());
        assertEquals("bogus", all.get(2).command());
        assertEquals("bogus command", all.get(2).commandLine());
        assertEquals(all.get(0).connectionId(), all.get(2).connectionId());
        assertNotEquals(all.get(0).connectionId(), all.get(1).connectionId());
        assertEquals(1, all.get(2).sequenceNumber());
        assertThrows(IllegalStateException.class, () -> all.get(1).key());
        assertEquals(all.get(0), fake.takeRequest(), "take returns the oldest first");
        assertEquals(3, fake.requests().size(), "taking does not change the snapshot");
    }

    @Test
    void requestSplitAcrossManyReadsIsRecordedWhole() throws Exception {
        byte[] pipelined = "set a 1 0 3\r\nxyz\r\nget a\r\nms b 2 T0 F5\r\nhi\r\nmg b v\r\n".getBytes(StandardCharsets.US_ASCII);
        try (RawTextSession c = RawTextSession.open(fake.address())) {
            for (byte b : pipelined) {
                c.send(new byte[] {b});
            }
            assertEquals("STORED", c.readLine());
            assertEquals("VALUE a 1 3", c.readLine());
            assertEquals("xyz", c.readLine());
            assertEquals("END", c.readLine());
            assertEquals("HD", c.readLine());
            assertEquals("VA 2", c.readLine());
        }
        List<RecordedRequest> all = fake.requests();
        assertEquals(List.of("set a 1 0 3", "get a", "ms b 2 T0 F5", "mg b v"),
                all.stream().map(RecordedRequest::commandLine).toList());
        assertEquals(1, all.get(0).flags());
        assertEquals("xyz", all.get(0).dataAsString());
        assertEquals(List.of("T0", "F5"), all.get(2).metaFlags());
        assertEquals(2, all.get(2).dataLength());
        assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), all.get(2).data());
        assertEquals(List.of("v"), all.get(3).metaFlags());
    }

    @Test
    void refusedValueKeepsItsAnnouncedLengthButNoData() throws Exception {
        String big = "x".repeat(2000);
        try (RawTextSession c = RawTextSession.open(fake.address())) {
            c.send("set big 0 0 2000\r\n" + big + "\r\n");
            assertEquals("SERVER_ERROR object too large for cache", c.readLine());
        }
        RecordedRequest r = fake.takeRequest();
        assertEquals("big", r.key());
        assertEquals(2000, r.dataLength());
        assertEquals(0, r.data().length);
    }

    @Test
    void keysAreDecodedAsUtf8() throws Exception {
        try (RawTextSession c = RawTextSession.open(fake.address())) {
            c.send("get clé:ключ\r\n");
            assertEquals("END", c.readLine());
        }
        assertEquals("clé:ключ", fake.takeRequest().key());
    }

    @Test
    void takeWaitsForTheRequest() throws Exception {
        CompletableFuture<RecordedRequest> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return fake.takeRequest();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try (RawTextSession c = RawTextSession.open(fake.address())) {
            c.send("delete gone\r\n");
            assertEquals("NOT_FOUND", c.readLine());
        }
        assertEquals("gone", taken.get(10, TimeUnit.SECONDS).key());
    }

    @Test
    void emptyLogTimesOutAndPollIsEmpty() throws Exception {
        assertTrue(fake.pollRequest(Duration.ZERO).isEmpty());
        assertThrows(IllegalStateException.class, () -> fake.takeRequest(Duration.ofMillis(20)));
    }

    @Test
    void capacityKeepsTheMostRecentAndClearResets() throws Exception {
        try (RawTextSession c = RawTextSession.open(fake.address())) {
            for (int i = 0; i < 150; i++) {
                c.send("get k" + i + "\r\n");
                assertEquals("END", c.readLine());
            }
        }
        assertEquals(150, fake.requestCount());
        List<RecordedRequest> all = fake.requests();
        assertEquals(100, all.size());
        assertEquals("k50", all.get(0).key());
        assertEquals("k50", fake.takeRequest().key());
        fake.clearRequests();
        assertEquals(0, fake.requestCount());
        assertTrue(fake.requests().isEmpty());
        assertTrue(fake.pollRequest(Duration.ZERO).isEmpty());
    }
}
