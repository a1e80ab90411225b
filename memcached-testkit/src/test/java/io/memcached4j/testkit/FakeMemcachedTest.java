package io.memcached4j.testkit;

import io.memcached4j.ServerAddress;
import io.memcached4j.process.RawTextSession;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakeMemcachedTest {
    private static final long T0 = 1_800_000_000L;

    @Test
    void expirationIsComputedAsMemcachedDoes() throws IOException {
        ManualClock clock = new ManualClock(T0);
        try (FakeMemcached fake = FakeMemcached.builder().clock(clock).start(); Client c = new Client(fake)) {
            c.call("set never 0 0 1\r\nx\r\nset ten 0 10 1\r\nx\r\nset month 0 2592000 1\r\nx\r\n"
                    + "set abs 0 " + (T0 + 100) + " 1\r\nx\r\nset past 0 2592001 1\r\nx\r\nset neg 0 -1 1\r\nx\r\n");
            assertEquals("END\r\n", c.call("get past neg\r\n"), "absolute times in the past and negative ones expire at once");
            clock.advance(Duration.ofSeconds(9));
            assertEquals(hit("ten", "x"), c.call("get ten\r\n"));
            clock.advance(Duration.ofSeconds(1));
            assertEquals("END\r\n", c.call("get ten\r\n"), "gone when its time is reached");
            clock.advance(Duration.ofSeconds(89));
            assertEquals(hit("abs", "x"), c.call("get abs\r\n"));
            clock.advance(Duration.ofSeconds(1));
            assertEquals("END\r\n", c.call("get abs\r\n"), "an absolute Unix time above 30 days");
            clock.set(T0 + 2592000 - 1);
            assertEquals("VALUE month 0 1\r\nx\r\nVALUE never 0 1\r\nx\r\nEND\r\n", c.call("get month never\r\n"),
                    "up to 30 days is relative");
            clock.set(T0 + 2592000);
            assertEquals(hit("never", "x"), c.call("get month never\r\n"));
        }
    }

    @Test
    void touchGatAndMetaTtlMoveTheExpiration() throws IOException {
        ManualClock clock = new ManualClock(T0);
        try (FakeMemcached fake = FakeMemcached.builder().clock(clock).start(); Client c = new Client(fake)) {
            c.call("set k 0 10 1\r\nx\r\n");
            assertEquals("TOUCHED\r\n", c.call("touch k 100\r\n"));
            clock.advance(Duration.ofSeconds(50));
            assertEquals("HD t50\r\n", c.call("mg k t\r\n"));
            assertEquals(hit("k", "x"), c.call("gat 0 k\r\n"));
            assertEquals("HD t-1\r\n", c.call("mg k t\r\n"));
            assertEquals("HD\r\n", c.call("mg k T-1\r\n"));
            assertEquals("EN\r\n", c.call("mg k t\r\n"));
        }
    }

    @Test
    void flushAllWithAndWithoutDelay() throws IOException {
        ManualClock clock = new ManualClock(T0);
        try (FakeMemcached fake = FakeMemcached.builder().clock(clock).start(); Client c = new Client(fake)) {
            c.call("set a 0 0 1\r\nx\r\n");
            assertEquals("OK\r\n", c.call("flush_all 10\r\n"));
            assertEquals(hit("a", "x"), c.call("get a\r\n"), "a delayed flush waits");
            clock.advance(Duration.ofSeconds(10));
            assertEquals("END\r\n", c.call("get a\r\n"));
            c.call("set b 0 0 1\r\ny\r\n");
            clock.advance(Duration.ofSeconds(1));
            assertEquals(hit("b", "y"), c.call("get b\r\n"), "items stored after the flush time survive");
            assertEquals("OK\r\n", c.call("flush_all\r\n"));
            assertEquals("END\r\n", c.call("get b\r\n"));
            c.call("set c 0 0 1\r\nz\r\n");
            assertEquals(hit("c", "z"), c.call("get c\r\n"), "items stored in the same second after a flush survive");
        }
    }

    @Test
    void debugtimeMovesTheServerClockLikeMemcachedsDebugBuild() throws IOException {
        try (FakeMemcached fake = FakeMemcached.builder().clock(new ManualClock(T0)).start(); Client c = new Client(fake)) {
            c.call("set k 0 5 1\r\nx\r\n");
            assertEquals("OK\r\n", c.call("debugtime 4\r\n"));
            assertEquals(hit("k", "x"), c.call("get k\r\n"));
            assertEquals("OK\r\n", c.call("debugtime 1\r\n"));
            assertEquals("END\r\n", c.call("get k\r\n"));
            assertEquals("ERROR\r\n", c.call("debugtime x\r\n"));
        }
    }

    @Test
    void incrAndDecrWrapPadAndFailAsMemcachedDoes() throws IOException {
        try (FakeMemcached fake = FakeMemcached.start(); Client c = new Client(fake)) {
            c.call("set n 0 0 20\r\n18446744073709551615\r\n");
            assertEquals("0\r\n", c.call("incr n 1\r\n"), "unsigned 64-bit wrap");
            assertEquals("0\r\n", c.call("decr n 5\r\n"), "decr stops at 0");
            c.call("set p 0 0 3\r\n100\r\n");
            assertEquals("5\r\n", c.call("decr p 95\r\n"));
            assertEquals(hit("p", "5  "), c.call("get p\r\n"), "a shorter number is padded with spaces in place");
            assertEquals("1000\r\n", c.call("incr p 995\r\n"));
            assertEquals(hit("p", "1000"), c.call("get p\r\n"), "a longer number gets a new item");
            c.call("set s 0 0 3\r\nabc\r\n");
            assertEquals("CLIENT_ERROR cannot increment or decrement non-numeric value\r\n", c.call("incr s 1\r\n"));
            assertEquals("NOT_FOUND\r\n", c.call("decr missing 1\r\n"));
            assertEquals("CLIENT_ERROR invalid numeric delta argument\r\n", c.call("incr n -1\r\n"));
        }
    }

    @Test
    void leastRecentlyUsedItemsAreEvictedUnderTheMemoryLimit() throws IOException {
        try (FakeMemcached fake = FakeMemcached.builder().memoryLimit(1024 * 1024).start(); Client c = new Client(fake)) {
            String value = "v".repeat(100_000);
            for (int i = 0; i < 20; i++) {
                assertEquals("STORED\r\n", c.call("set k" + i + " 0 0 " + value.length() + "\r\n" + value + "\r\n"));
                if (i >= 1) {
                    c.call("get k0\r\n"); // k0 stays recently used
                }
            }
            assertEquals(hit("k0", value), c.call("get k0\r\n"));
            assertEquals(hit("k19", value), c.call("get k19\r\n"));
            assertEquals("END\r\n", c.call("get k1\r\n"), "the least recently used item went first");
            String stats = c.call("stats\r\n");
            assertTrue(stats.contains("STAT evictions ") && !stats.contains("STAT evictions 0\r\n"), stats);
            assertTrue(stats.contains("STAT limit_maxbytes 1048576\r\n"), stats);
        }
    }

    @Test
    void slabStatisticsComeFromTheSlabModelAndMoveAsMemcachedsDo() throws IOException {
        ManualClock clock = new ManualClock(T0);
        try (FakeMemcached fake = FakeMemcached.builder().clock(clock).start(); Client c = new Client(fake)) {
            c.call("set a 0 1 5\r\nhello\r\n"); // 56 bytes of header and CAS, key and NUL, value and CRLF: 65
            assertEquals("65", stats(c, "items").get("items:1:mem_requested"));
            clock.advance(Duration.ofSeconds(2));
            c.call("set a 0 0 5\r\nworld\r\n");
            Map<String, String> items = stats(c, "items");
            assertEquals("1", items.get("items:1:reclaimed"), "dead for a second: the LRU maintainer reclaimed it");
            assertEquals("1", items.get("items:1:expired_unfetched"));
            assertEquals("0", stats(c, "").get("get_expired"));

            c.call("set b 0 -1 5\r\nhello\r\nset b 0 0 5\r\nhello\r\n");
            assertEquals("1", stats(c, "").get("get_expired"), "dead just now: the overwrite met it");
            assertEquals("1", stats(c, "items").get("items:1:reclaimed"));
            assertEquals("130", stats(c, "items").get("items:1:mem_requested"));

            assertEquals("DELETED\r\n", c.call("delete a\r\n"));
            Map<String, String> slabs = stats(c, "slabs");
            assertEquals("65", stats(c, "items").get("items:1:mem_requested"), "a deleted item's bytes go back");
            assertEquals("1", slabs.get("1:used_chunks"));
            assertEquals("10921", slabs.get("1:free_chunks"));
            assertEquals("4", slabs.get("1:cmd_set"));
            assertEquals("1", slabs.get("1:delete_hits"));

            assertEquals("NOT_STORED\r\n", c.call("add b 0 0 300\r\n" + "x".repeat(300) + "\r\n"));
            slabs = stats(c, "slabs");
            assertEquals("1", slabs.get("7:total_pages"), "the refused item was allocated first, in its own class");
            assertEquals("0", slabs.get("7:used_chunks"));
            assertEquals("1", slabs.get("7:cmd_set"));
            assertEquals("2", slabs.get("active_slabs"));
            assertEquals("2097152", slabs.get("total_malloced"));
            assertEquals(null, stats(c, "items").get("items:7:number"), "a class without items is not listed");
            assertEquals("5", stats(c, "").get("cmd_set"), "the server-wide counters are the classes' sums");
        }
    }

    private static Map<String, String> stats(Client c, String group) throws IOException {
        Map<String, String> stats = new HashMap<>();
        for (String line : c.call("stats" + (group.isEmpty() ? "" : " " + group) + "\r\n").split("\r\n")) {
            String[] words = line.split(" ", 3);
            if (words.length == 3 && words[0].equals("STAT")) {
                stats.put(words[1], words[2]);
            }
        }
        return stats;
    }

    @Test
    void theItemSizeLimitRefusesLargeValuesAndSwallowsThem() throws IOException {
        try (FakeMemcached fake = FakeMemcached.builder().itemSizeMax(2048).start(); Client c = new Client(fake)) {
            String big = "x".repeat(2000);
            assertEquals("SERVER_ERROR object too large for cache\r\n",
                    c.call("set k 0 0 2000\r\n" + big + "\r\n"));
            assertEquals("STORED\r\n", c.call("set k 0 0 1000\r\n" + big.substring(1000) + "\r\n"));
            assertTrue(c.call("stats settings\r\n").contains("STAT item_size_max 2048\r\n"));
        }
    }

    @Test
    void metadumpUsesMemcachedsLineFormatSlabClassesAndUriEncoding() throws IOException {
        ManualClock clock = new ManualClock(T0);
        try (FakeMemcached fake = FakeMemcached.builder().clock(clock).start(); Client c = new Client(fake)) {
            c.call("set a%b:c/\u00e9 5 100 2\r\nhi\r\n");
            c.call("set mid 0 0 100\r\n" + "m".repeat(100) + "\r\n");
            clock.advance(Duration.ofSeconds(3));
            c.call("get mid\r\n");
            String dump = c.raw("lru_crawler metadump all\r\n", "END\r\n");
            assertEquals("key=a%25b%3Ac%2F%E9 exp=" + (T0 + 100) + " la=" + T0 + " cas=1 fetch=no cls=1 size=72\n"
                    + "key=mid exp=-1 la=" + T0 + " cas=2 fetch=yes cls=4 size=162\n"
                    + "END\r\n", dump);
            assertEquals("BADCLASS invalid class id\r\n", c.call("lru_crawler metadump 0\r\n"));
            assertEquals("ME mid exp=-1 la=3 cas=2 fetch=yes cls=4 size=162\r\n", c.call("me mid\r\n"));
            assertEquals("OK\r\n", c.call("lru_crawler disable\r\n"));
            assertEquals("CLIENT_ERROR lru crawler disabled\r\n", c.call("lru_crawler metadump all\r\n"));
            assertTrue(c.call("stats settings\r\n").contains("STAT lru_crawler no\r\n"));
            assertEquals("OK\r\n", c.call("lru_crawler enable\r\n"));
            assertEquals("ERROR failed to start lru crawler thread\r\n", c.call("lru_crawler enable\r\n"));
            assertTrue(c.call("stats settings\r\n").contains("STAT slab_chunk_max 524288\r\n"));
        }
    }

    @Test
    void theVersionStringIsConfigurable() throws IOException {
        try (FakeMemcached fake = FakeMemcached.builder().version("1.4.30").start(); Client c = new Client(fake)) {
            assertEquals("VERSION 1.4.30\r\n", c.call("version\r\n"));
            assertTrue(c.call("stats\r\n").contains("STAT version 1.4.30\r\n"));
        }
        assertThrows(IllegalArgumentException.class, () -> FakeMemcached.builder().version("1.6 beta"));
    }

    @Test
    void servesManyClientsAtOnce() throws Exception {
        try (FakeMemcached fake = FakeMemcached.start()) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    int thread = t;
                    Callable<Integer> work = () -> {
                        int hits = 0;
                        try (Client c = new Client(fake)) {
                            for (int i = 0; i < 200; i++) {
                                String key = "t" + thread + "_" + i;
                                c.call("set " + key + " 0 0 " + key.length() + "\r\n" + key + "\r\n");
                                if (c.call("get " + key + "\r\n").equals(hit(key, key))) {
                                    hits++;
                                }
                            }
                        }
                        return hits;
                    };
                    results.add(pool.submit(work));
                }
                for (Future<Integer> result : results) {
                    assertEquals(200, result.get(30, TimeUnit.SECONDS));
                }
                assertEquals(3200, fake.itemCount());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void quitClosesTheConnectionAndTheConnectionLimitIsEnforced() throws IOException {
        try (FakeMemcached fake = FakeMemcached.builder().maxConnections(1).start(); Client c = new Client(fake)) {
            assertEquals("VERSION 1.6.18\r\n", c.call("version\r\n"));
            try (Client second = new Client(fake)) {
                assertEquals("ERROR Too many open connections\r\n<EOF>", second.raw("", null));
            }
            assertEquals("<EOF>", c.raw("quit\r\nversion\r\n", null));
        }
    }

    @Test
    void closeFreesThePort() throws IOException {
        FakeMemcached fake = FakeMemcached.start();
        int port = fake.port();
        assertTrue(port > 0);
        assertEquals("127.0.0.1", fake.address().host());
        fake.close();
        assertFalse(RawTextSession.isListening(new ServerAddress("127.0.0.1", port)));
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
        fake.close();
    }

    @Test
    void delayedRepliesKeepTheirOrder() throws IOException {
        try (FakeMemcached fake = FakeMemcached.start(); Client c = new Client(fake)) {
            fake.faults().onCommand("get").times(1).delay(Duration.ofMillis(500));
            c.session.send("get a\r\nversion\r\n");
            assertTrue(c.session.silentFor(Duration.ofMillis(100)), "held back");
            assertEquals("END\r\nVERSION 1.6.18\r\n", c.raw("", "VERSION 1.6.18\r\n"));
            assertEquals("END\r\n", c.call("get a\r\n"), "a once-fault applies once");
        }
    }

    @Test
    void stallDisconnectServerErrorAndGarbage() throws IOException {
        try (FakeMemcached fake = FakeMemcached.start(); Client c = new Client(fake); Client other = new Client(fake)) {
            fake.faults().onCommand("version").times(1).stall();
            c.session.send("version\r\n");
            assertTrue(c.session.silentFor(Duration.ofMillis(200)), "never answers");
            assertEquals("VERSION 1.6.18\r\n", other.call("version\r\n"), "other connections still work");

            fake.faults().onCommand("set").replyServerError("out of memory storing object");
            assertEquals("SERVER_ERROR out of memory storing object\r\nEND\r\n", other.call("set k 0 0 1\r\nx\r\nget k\r\n"));
            fake.faults().clear();
            fake.faults().onAnyRequest().times(1).replyBytes("GARBAGE 1 2\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("GARBAGE 1 2\r\n", other.call("get k\r\n"));
            fake.faults().onCommand("delete").closeConnection();
            assertEquals("STORED\r\n<EOF>", other.raw("set k 0 0 1\r\nx\r\ndelete k\r\nversion\r\n", null));
        }
    }

    @Test
    void connectionsCanBeRefusedOrCutAfterRequestsOrBytes() throws IOException {
        try (FakeMemcached fake = FakeMemcached.start()) {
            fake.faults().refuseConnections();
            try (Client c = new Client(fake)) {
                assertEquals("<EOF>", c.raw("", null));
            }
            fake.faults().acceptConnections().closeConnectionsAfterRequests(2);
            try (Client c = new Client(fake)) {
                assertEquals("VERSION 1.6.18\r\nEND\r\n<EOF>", c.raw("version\r\nget a\r\nversion\r\n", null));
            }
            fake.faults().clear();
            fake.faults().closeConnectionsAfterBytes(10);
            try (Client c = new Client(fake)) {
                assertEquals("VERSION 1.<EOF>", c.raw("version\r\nversion\r\n", null), "cut after 10 reply bytes");
            }
            fake.faults().clear();
            try (Client c = new Client(fake)) {
                assertEquals("VERSION 1.6.18\r\n", c.call("version\r\n"));
            }
        }
    }

    @Test
    void theRequestLogShowsWhatClientsSent() throws Exception {
        try (FakeMemcached fake = FakeMemcached.start(); Client c = new Client(fake)) {
            c.call("set greeting 7 0 5\r\nhello\r\nget greeting other\r\n");
            RecordedRequest set = fake.takeRequest(Duration.ofSeconds(5));
            assertEquals(0, set.connectionId());
            assertEquals(0, set.sequenceNumber());
            assertEquals("greeting", set.key());
            assertEquals(7, set.flags());
            assertEquals("hello", set.dataAsString());
            assertEquals(List.of("greeting", "other"), fake.takeRequest(Duration.ofSeconds(5)).keys());
            assertEquals("mn", fake.takeRequest(Duration.ofSeconds(5)).command());
            assertTrue(fake.pollRequest(Duration.ZERO).isEmpty(), "all taken");
            assertEquals(3, fake.requests().size(), "the snapshot keeps taken requests");
            assertEquals(3, fake.requestCount());
        }
    }

    private static String hit(String key, String value) {
        return "VALUE " + key + " 0 " + value.length() + "\r\n" + value + "\r\nEND\r\n";
    }

    /** A raw session whose calls end with {@code mn}, whose {@code MN} marks the end of the replies. */
    private static final class Client implements AutoCloseable {
        private final RawTextSession session;

        Client(FakeMemcached fake) {
            session = RawTextSession.open(fake.address());
        }

        String call(String request) {
            String reply = raw(request + "mn\r\n", "MN\r\n");
            return reply.substring(0, reply.length() - 4);
        }

        /** @return the replies up to {@code end}, or up to the end of the stream (then ending with {@code <EOF>}) when null */
        String raw(String request, String end) {
            return session.send(request.getBytes(StandardCharsets.ISO_8859_1)).readUntil(end);
        }

        @Override
        public void close() {
            session.close();
        }
    }
}
