package io.memcached4j.protocol.text.server;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerRequestParserTest {
    private static final int ITEM_SIZE_MAX = 1024 * 1024;

    private static final String PIPELINE = "get a b c\r\n"
            + "gets a\r\n"
            + "gat 100 a b\r\n"
            + "gats -1 a\r\n"
            + "set k 5 0 3\r\nabc\r\n"
            + "add k 0 10 0 noreply\r\n\r\n"
            + "replace k 4294967295 0 2\r\nxy\r\n"
            + "append k 0 0 1\r\n\n\r\n"
            + "prepend k 0 0 2\r\n\r\n\r\n"
            + "cas k 0 0 1 18446744073709551615\r\nz\r\n"
            + "delete k\r\ndelete k 0\r\ndelete k noreply\r\n"
            + "incr n 18446744073709551615\r\ndecr n 1 noreply\r\n"
            + "touch k 10\r\nflush_all\r\nflush_all 10 noreply\r\nverbosity 1\r\nversion\r\n"
            + "stats\r\nstats settings\r\nstats cachedump 1 0\r\nlru_crawler metadump all\r\nlru_crawler enable\r\n"
            + "mn\r\nme k\r\nmg k v f t c k O123 q\r\nms k 2 T0 F7 MS c\r\nhi\r\nmd k q\r\nma n N0 J5 D2 MI v\r\n"
            + "debugtime 10\r\nquit\r\n";

    @Test
    void parsesEveryCommandOfAPipeline() {
        List<String> parsed = parseAll(bytes(PIPELINE), new Random(1), false);
        List<String> expected = List.of(
                "Get[command=get, withCas=false, touch=false, exptime=0, keys=[a, b, c]]",
                "Get[command=gets, withCas=true, touch=false, exptime=0, keys=[a]]",
                "Get[command=gat, withCas=false, touch=true, exptime=100, keys=[a, b]]",
                "Get[command=gats, withCas=true, touch=true, exptime=-1, keys=[a]]",
                "Store set SET k flags=5 exp=0 cas=0 data=abc noreply=false",
                "Store add ADD k flags=0 exp=10 cas=0 data= noreply=true",
                "Store replace REPLACE k flags=-1 exp=0 cas=0 data=xy noreply=false",
                "Store append APPEND k flags=0 exp=0 cas=0 data=\n noreply=false",
                "Store prepend PREPEND k flags=0 exp=0 cas=0 data=\r\n noreply=false",
                "Store cas CAS k flags=0 exp=0 cas=-1 data=z noreply=false",
                "Delete[key=k, noreply=false]", "Delete[key=k, noreply=false]", "Delete[key=k, noreply=true]",
                "Arithmetic[incr=true, key=n, delta=-1, noreply=false]",
                "Arithmetic[incr=false, key=n, delta=1, noreply=true]",
                "Touch[key=k, exptime=10, noreply=false]",
                "FlushAll[delay=0, noreply=false]", "FlushAll[delay=10, noreply=true]",
                "Verbosity[level=1, noreply=false]", "Version[]",
                "Stats[args=[]]", "Stats[args=[settings]]", "CacheDump[slabClass=1, limit=0]",
                "MetaDump[selector=all]", "LruCrawler[args=[enable]]",
                "MetaNoop[]", "MetaDebug[key=k, base64=false]",
                "Meta mg k [v, f, t, c, k, O123, q] MetaOptions[quiet=true, base64Key=false, returnValue=true, "
                        + "noBump=false, invalidate=false, ttl=null, vivifyTtl=null, recacheTtl=null, clientFlags=0, "
                        + "compareCas=null, mode=\0, initial=0, delta=null] data=null",
                "Meta ms k [T0, F7, MS, c] MetaOptions[quiet=false, base64Key=false, returnValue=false, "
                        + "noBump=false, invalidate=false, ttl=0, vivifyTtl=null, recacheTtl=null, clientFlags=7, "
                        + "compareCas=null, mode=S, initial=0, delta=null] data=hi",
                "Meta md k [q] MetaOptions[quiet=true, base64Key=false, returnValue=false, "
                        + "noBump=false, invalidate=false, ttl=null, vivifyTtl=null, recacheTtl=null, clientFlags=0, "
                        + "compareCas=null, mode=\0, initial=0, delta=null] data=null",
                "Meta ma n [N0, J5, D2, MI, v] MetaOptions[quiet=false, base64Key=false, returnValue=true, "
                        + "noBump=false, invalidate=false, ttl=null, vivifyTtl=0, recacheTtl=null, clientFlags=0, "
                        + "compareCas=null, mode=I, initial=5, delta=2] data=null",
                "DebugTime[argument=10]", "Quit[]");
        assertEquals(expected, parsed);
    }

    @Test
    void sameResultWhenSplitAtEveryOffsetOrFedOneByteAtATime() {
        byte[] input = bytes(PIPELINE);
        List<String> whole = parseAll(input, new Random(1), false);
        for (int split = 0; split <= input.length; split++) {
            ServerRequestParser parser = new ServerRequestParser(ITEM_SIZE_MAX);
            List<String> out = new ArrayList<>();
            drain(parser, ByteBuffer.wrap(input, 0, split), out);
            drain(parser, ByteBuffer.wrap(input, split, input.length - split), out);
            assertEquals(whole, out, "split at " + split);
        }
        assertEquals(whole, parseAll(input, new Random(2), true));
    }

    @Test
    void badInputGetsMemcachedsReplies() {
        // Each expectation was observed on memcached 1.6.18; FakeMemcachedDifferentialIT replays them against it.
        assertReplies("\r\n", "ERROR");
        assertReplies("x\r\n", "ERROR");
        assertReplies("GET a\r\n", "ERROR");
        assertReplies("get\r\n", "ERROR");
        assertReplies("set a -1 0 1\r\nx\r\n", "CLIENT_ERROR bad command line format", "ERROR");
        assertReplies("set a 0 0 -1\r\n", "CLIENT_ERROR bad command line format");
        assertReplies("set a 0 0 z noreply\r\nx\r\n", "(silent) CLIENT_ERROR bad command line format", "ERROR");
        assertReplies("set a 0 0 3\r\nabcd\r\n", "CLIENT_ERROR bad data chunk", "ERROR");
        assertReplies("set " + "k".repeat(251) + " 0 0 1\r\nx\r\n", "CLIENT_ERROR bad command line format", "ERROR");
        assertReplies("incr a -1\r\n", "CLIENT_ERROR invalid numeric delta argument");
        assertReplies("incr n 18446744073709551616\r\n", "CLIENT_ERROR invalid numeric delta argument");
        assertReplies("delete a 1\r\ndelete a x y\r\n",
                "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]",
                "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]");
        assertReplies("flush_all x\r\n", "CLIENT_ERROR invalid exptime argument");
        assertReplies("verbosity\r\nverbosity x\r\n", "ERROR", "CLIENT_ERROR bad command line format");
        assertReplies("touch a x\r\ngat x a\r\n", "CLIENT_ERROR invalid exptime argument",
                "CLIENT_ERROR invalid exptime argument");
        assertReplies("mx\r\nmg\r\nmg a v v\r\nmg a zz\r\n", "ERROR", "ERROR", "CLIENT_ERROR duplicate flag",
                "CLIENT_ERROR invalid flag");
        assertReplies("mg a O123456789012345678901234567890123 k\r\n", "CLIENT_ERROR opaque token too long");
        assertReplies("ms a 2 MX\r\nhi\r\nms a x\r\nhi\r\n", "CLIENT_ERROR invalid mode for ms M token",
                "CLIENT_ERROR bad command line format", "ERROR");
        assertReplies("ms a 2 F-1\r\nhi\r\nmd a Fx\r\nms a 2 q zz\r\nhi\r\n", "CLIENT_ERROR bad command line format",
                "CLIENT_ERROR invalid or duplicate flag", "CLIENT_ERROR invalid flag");
        assertReplies("stats cachedump 2\r\nstats cachedump 300 1\r\nstats detail\r\n",
                "CLIENT_ERROR bad command line", "CLIENT_ERROR Illegal slab id",
                "CLIENT_ERROR usage: stats detail on|off|dump");
    }

    @Test
    void tooLargeValuesAreSwallowedWithoutAllocatingThem() {
        ServerRequestParser parser = new ServerRequestParser(ITEM_SIZE_MAX);
        assertNull(parser.next(buffer("set a 0 0 2147483645\r\n")));
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        for (int i = 0; i < 100; i++) {
            chunk.clear();
            assertNull(parser.next(chunk), "still swallowing");
        }
        ServerRequestParser small = new ServerRequestParser(ITEM_SIZE_MAX);
        byte[] value = new byte[1048517];
        Arrays.fill(value, (byte) 'x');
        ByteBuffer in = ByteBuffer.allocate(value.length + 64);
        in.put(bytes("set a 0 0 1048517\r\n")).put(value).put(bytes("\r\nget a\r\n")).flip();
        ServerRequest tooLarge = small.next(in);
        assertEquals(new ServerRequest.TooLarge("set", ServerRequest.StoreMode.SET, "a", false), tooLarge);
        assertInstanceOf(ServerRequest.Get.class, small.next(in));
        ServerRequestParser fits = new ServerRequestParser(ITEM_SIZE_MAX);
        ByteBuffer ok = ByteBuffer.allocate(value.length + 64);
        ok.put(bytes("set a 0 0 1048516\r\n")).put(value, 0, 1048516).put(bytes("\r\n")).flip();
        assertInstanceOf(ServerRequest.Store.class, fits.next(ok));
    }

    @Test
    void aDeclaredLengthWithinAHugeItemLimitIsNotAllocatedBeforeTheBytesArrive() {
        ServerRequestParser parser = new ServerRequestParser(1024 * 1024 * 1024);
        assertNull(parser.next(buffer("set k 0 0 1000000000\r\n")));
        assertNull(parser.next(buffer("0123456789")));
        assertTrue(parser.dataCapacity() <= 16 * 1024, "buffer for a 1 GB declaration: " + parser.dataCapacity());
        ByteBuffer chunk = ByteBuffer.allocate(100_000);
        assertNull(parser.next(chunk));
        assertTrue(parser.dataCapacity() <= 2 * 100_010, "grows with what arrived: " + parser.dataCapacity());
    }

    @Test
    void aLineWithoutAnEndClosesAtMemcachedsBounds() {
        ServerRequestParser parser = new ServerRequestParser(ITEM_SIZE_MAX);
        assertNull(parser.next(buffer("g".repeat(2048))));
        assertInstanceOf(ServerRequest.Close.class, parser.next(buffer("g")));
        assertNull(parser.next(buffer("version\r\n")), "a closed parser reads nothing more");

        ServerRequestParser getter = new ServerRequestParser(ITEM_SIZE_MAX);
        ByteBuffer keys = buffer("get " + "k ".repeat(200_000));
        assertNull(getter.next(keys), "a long multi-get line is allowed");
        ServerRequest result = null;
        for (int i = 0; i < 20 && result == null; i++) {
            result = getter.next(buffer("k ".repeat(50_000)));
        }
        assertInstanceOf(ServerRequest.Close.class, result, "but not beyond " + ServerRequestParser.MAX_MULTIGET_LINE);
    }

    @Test
    void aRequestLineOfHttpClosesTheConnectionAsMemcachedDoes() {
        // an unknown command whose last token starts with "HTTP/" (case-sensitive): memcached 1.6.18 hangs up
        assertReplies("GET / HTTP/1.0\r\nversion\r\n", "Close");
        assertReplies("PUT /a/b HTTP/1.1\r\n", "Close");
        assertReplies("DELETE HTTP/1.1\r\n", "Close");
        assertReplies("HTTP/1.1\r\n", "Close");
        assertReplies("GET  /  HTTP/1.0  \n", "Close");
        String words = String.join(" ", Collections.nCopies(22, "ww"));
        assertReplies(words + " HTTP/1.1\r\n", "Close");
        // not HTTP to memcached: a known command, another last token, a one-letter command, past 24 tokens
        assertReplies("get / HTTP/1.0\r\n", "Get");
        assertReplies("set a HTTP/1.1\r\n", "ERROR");
        assertReplies("GET / HTTP/1.0 extra\r\n", "ERROR");
        assertReplies("foo bar http/1.1\r\n", "ERROR");
        assertReplies("x HTTP/1.1\r\n", "ERROR");
        assertReplies(words + " ww HTTP/1.1\r\n", "ERROR");
    }

    @Test
    void tokensAreSplitOnSpacesOnlyAndTheLineEndsAtNul() {
        assertEquals(List.of("Get[command=get, withCas=false, touch=false, exptime=0, keys=[a]]"),
                parseAll(bytes("get a\0b\r\n"), new Random(3), false));
        assertReplies("get\ta\r\n", "ERROR");
        assertEquals(List.of("Get[command=get, withCas=false, touch=false, exptime=0, keys=[a\r]]"),
                parseAll(bytes("get a\r\r\n"), new Random(3), false));
        assertReplies("foo ".repeat(30) + "\r\n", "ERROR");
    }

    @Test
    void numbersFollowCLibrarySemantics() {
        assertEquals(0L, MemcachedNumbers.parseUnsigned32("4294967296"));
        assertEquals(1, MemcachedNumbers.parseSigned32("4294967297"));
        assertNull(MemcachedNumbers.parseUnsigned32("-1"));
        assertEquals(0L, MemcachedNumbers.parseUnsigned64("-0"));
        assertNull(MemcachedNumbers.parseUnsigned64("18446744073709551616"));
        assertEquals(-1L, MemcachedNumbers.parseUnsigned64("18446744073709551615"));
        assertEquals(Long.MIN_VALUE, MemcachedNumbers.parseSigned64("-9223372036854775808"));
        assertNull(MemcachedNumbers.parseSigned64("9223372036854775808"));
        assertEquals(5L, MemcachedNumbers.parseSigned64("\t+5\r"));
        assertNull(MemcachedNumbers.parseSigned64("5x"));
        assertNull(MemcachedNumbers.parseSigned64(""));
    }

    @Test
    void survivesOneHundredThousandRandomAndMutatedInputs() {
        Random random = new Random(20261125L);
        byte[] corpus = bytes(PIPELINE);
        String[] fragments = {"get ", "gets ", "gat ", "set ", "add ", "cas ", "incr ", "decr ", "delete ", "touch ",
            "ms ", "mg ", "md ", "ma ", "me ", "mn", "stats ", "lru_crawler ", "metadump ", "flush_all ", "noreply",
            " 0", " -1", " 4294967296", " 2147483647", " 99999999999999999999", "\r\n", "\n", "\r", " ", "\0",
            "T", "N", "v", "q", "O", "k", "b", "M", "F", "C", "D", "J", "=="};
        ByteBuffer scratch = ByteBuffer.allocate(8192);
        for (int i = 0; i < 100_000; i++) {
            byte[] input = switch (i % 3) {
                case 0 -> mutate(corpus, random);
                case 1 -> {
                    StringBuilder sb = new StringBuilder();
                    int n = 1 + random.nextInt(12);
                    for (int j = 0; j < n; j++) {
                        sb.append(fragments[random.nextInt(fragments.length)]);
                    }
                    yield bytes(sb.toString());
                }
                default -> {
                    byte[] noise = new byte[random.nextInt(200)];
                    random.nextBytes(noise);
                    yield noise;
                }
            };
            ServerRequestParser parser = new ServerRequestParser(ITEM_SIZE_MAX);
            int offset = 0;
            while (offset < input.length) {
                int n = Math.min(input.length - offset, 1 + random.nextInt(64));
                ByteBuffer in = ByteBuffer.wrap(input, offset, n);
                int guard = 0;
                while (parser.next(in) != null) {
                    assertTrue(++guard < 10_000, "a bounded number of requests per chunk");
                }
                assertEquals(0, in.remaining(), "a null result means the input was consumed");
                offset += n;
            }
            scratch.clear();
        }
    }

    private static byte[] mutate(byte[] corpus, Random random) {
        int from = random.nextInt(corpus.length);
        int length = Math.min(corpus.length - from, 1 + random.nextInt(120));
        byte[] out = Arrays.copyOfRange(corpus, from, from + length);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && out.length > 0; e++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(3)) {
                case 0 -> out[at] = (byte) random.nextInt(256);
                case 1 -> out[at] = (byte) "0123456789 -\r\n".charAt(random.nextInt(14));
                default -> out = Arrays.copyOfRange(out, 0, at);
            }
        }
        return out;
    }

    private static void assertReplies(String input, String... replies) {
        List<String> out = new ArrayList<>();
        ServerRequestParser parser = new ServerRequestParser(ITEM_SIZE_MAX);
        ByteBuffer in = buffer(input);
        ServerRequest request;
        while ((request = parser.next(in)) != null) {
            if (request instanceof ServerRequest.Reply reply) {
                out.add((reply.silent() ? "(silent) " : "") + reply.reply());
            } else {
                out.add(request.getClass().getSimpleName());
            }
        }
        assertEquals(List.of(replies), out, input);
    }

    private static List<String> parseAll(byte[] input, Random random, boolean oneByteAtATime) {
        ServerRequestParser parser = new ServerRequestParser(ITEM_SIZE_MAX);
        List<String> out = new ArrayList<>();
        if (oneByteAtATime) {
            for (int i = 0; i < input.length; i++) {
                drain(parser, ByteBuffer.wrap(input, i, 1), out);
            }
        } else {
            drain(parser, ByteBuffer.wrap(input), out);
        }
        return out;
    }

    private static void drain(ServerRequestParser parser, ByteBuffer in, List<String> out) {
        ServerRequest request;
        while ((request = parser.next(in)) != null) {
            out.add(describe(request));
        }
    }

    private static String describe(ServerRequest request) {
        if (request instanceof ServerRequest.Store s) {
            return "Store " + s.command() + " " + s.mode() + " " + s.key() + " flags=" + s.flags() + " exp="
                    + s.exptime() + " cas=" + s.cas() + " data=" + new String(s.data(), StandardCharsets.ISO_8859_1)
                    + " noreply=" + s.noreply();
        }
        if (request instanceof ServerRequest.Meta m) {
            return "Meta " + m.command() + " " + m.key() + " " + m.flags() + " " + m.options() + " data="
                    + (m.data() == null ? "null" : new String(m.data(), StandardCharsets.ISO_8859_1));
        }
        return request.toString();
    }

    private static ByteBuffer buffer(String s) {
        return ByteBuffer.wrap(bytes(s));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
