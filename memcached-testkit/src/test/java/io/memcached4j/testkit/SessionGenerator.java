package io.memcached4j.testkit;

import io.memcached4j.testkit.WireSession.Until;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * Builds the differential sessions: templates for each area of the protocol, each instantiated
 * with a seeded random part (keys, values, numbers, flag sets, garbage), so that the same seed
 * always gives the same sessions. No session leaves a connection waiting for a data block, and
 * none depends on timing (expirations use 0, negative, past-absolute or far-future values).
 */
final class SessionGenerator {
    private static final String[] WORDS = {"get", "gets", "gat", "gats", "set", "add", "cas", "incr", "decr",
        "delete", "touch", "flush_all", "verbosity", "version", "stats", "mg", "md", "ma", "me", "mx", "GET",
        "foo", "noreply", "0", "-1", "7", "18446744073709551615", "18446744073709551616", "4294967296",
        "2147483648", "abc", "k", "x" + "y".repeat(250), "T", "v", "q", "Oab", "N5", "MX", "b", "c", "zz"};

    private final Random random;
    private final List<WireSession> sessions = new ArrayList<>();
    private int counter;

    private SessionGenerator(long seed) {
        this.random = new Random(seed);
    }

    static List<WireSession> generate(long seed, int rounds) {
        SessionGenerator g = new SessionGenerator(seed);
        List<BiConsumer<WireSession, String>> templates = List.of(
                g::storage, g::casRace, g::expiration, g::arithmetic, g::badCommands, g::badStorage,
                g::metaGet, g::metaSetDelete, g::metaArithmetic, g::noreply, g::pipelined, g::limits,
                g::metadump, g::stats, g::http);
        for (int round = 0; round < rounds; round++) {
            for (BiConsumer<WireSession, String> template : templates) {
                String prefix = "s" + (++g.counter) + "_";
                WireSession session = new WireSession(prefix + templateName(template, templates) + "#" + round);
                template.accept(session, prefix);
                g.sessions.add(session);
            }
        }
        return g.sessions;
    }

    /**
     * Sessions for {@code stats slabs} and {@code stats items} on a fresh server: storage of values
     * in several slab classes, refused storage, hits, misses, CAS, incr/decr that outgrow their
     * item, meta commands and deletions. No item is stored already dead: whether memcached's LRU
     * maintainer or the next request meets it first is a race in memcached, which then sometimes
     * keeps a chunk counted as used (FakeMemcachedTest checks the fake's reclaim counting on its
     * controlled clock).
     */
    static List<WireSession> slabSessions(long seed, int count) {
        SessionGenerator g = new SessionGenerator(seed);
        for (int i = 0; i < count; i++) {
            WireSession session = new WireSession("slabs#" + i, WireSession.MASK_LRU_STATS);
            for (int step = 0; step < 6; step++) {
                StringBuilder batch = new StringBuilder();
                for (int op = 0; op < 8; op++) {
                    batch.append(g.slabOperation("s" + i + "_"));
                }
                session.send(batch.toString());
                if (step % 2 == 1) {
                    session.send("stats slabs\r\nstats items\r\n");
                }
            }
            g.sessions.add(session);
        }
        return g.sessions;
    }

    private String sizedValue() {
        int[] sizes = {1, 2, 5, 10, 40, 100, 300, 1000, 3000, 9000};
        int size = sizes[random.nextInt(sizes.length)];
        return random.nextInt(3) == 0 ? Integer.toString(random.nextInt(100)) : "v".repeat(size);
    }

    private String slabOperation(String p) {
        String k = p + "k" + random.nextInt(6);
        String flags = random.nextBoolean() ? "0" : "7";
        String[] storage = {"set", "add", "replace", "append", "prepend"};
        return switch (random.nextInt(13)) {
            case 0, 1, 2 -> store(storage[random.nextInt(storage.length)], k, flags, "0", sizedValue());
            case 3 -> "gets " + k + " " + p + "k" + random.nextInt(6) + "\r\n";
            case 4 -> "gets " + k + "\r\ncas " + k + " 0 0 1 " + (random.nextBoolean() ? "{cas}" : "1") + "\r\nc\r\n";
            case 5 -> (random.nextBoolean() ? "incr " : "decr ") + k + " " + (random.nextBoolean() ? "7" : "100000")
                    + "\r\n";
            case 6 -> random.nextBoolean() ? "touch " + k + " 0\r\n" : "gat 0 " + k + "\r\n";
            case 7 -> "delete " + k + "\r\n";
            case 8 -> "mg " + k + (random.nextBoolean() ? " v" : " T0 v") + "\r\n";
            case 9 -> "ms " + k + " 3" + (random.nextBoolean() ? "" : " F5") + "\r\nabc\r\n";
            case 10 -> random.nextBoolean() ? "md " + k + "\r\n" : "ma " + k + (random.nextBoolean() ? "" : " MD") + "\r\n";
            default -> "mg " + p + "viv" + random.nextInt(3) + " N30 v\r\n";
        };
    }

    private static String templateName(BiConsumer<WireSession, String> t, List<BiConsumer<WireSession, String>> all) {
        String[] names = {"storage", "casRace", "expiration", "arithmetic", "badCommands", "badStorage", "metaGet",
            "metaSetDelete", "metaArithmetic", "noreply", "pipelined", "limits", "metadump", "stats", "http"};
        return names[all.indexOf(t)];
    }

    private String value() {
        int n = random.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    private String flags() {
        return switch (random.nextInt(5)) {
            case 0 -> "0";
            case 1 -> "4294967295";
            case 2 -> "4294967296";
            default -> Integer.toString(random.nextInt(100000));
        };
    }

    private String key(String prefix) {
        return prefix + "k" + random.nextInt(4);
    }

    private static String store(String cmd, String key, String flags, String exptime, String value) {
        return cmd + " " + key + " " + flags + " " + exptime + " " + value.length() + "\r\n" + value + "\r\n";
    }

    void storage(WireSession s, String p) {
        String[] cmds = {"set", "add", "replace", "append", "prepend"};
        for (int i = 0; i < 8; i++) {
            s.send(store(cmds[random.nextInt(cmds.length)], key(p), flags(), "0", value()));
            if (random.nextBoolean()) {
                s.send((random.nextBoolean() ? "get " : "gets ") + key(p) + " " + key(p) + " " + key(p) + "\r\n");
            }
        }
        s.send("gets " + p + "k0 " + p + "k1 " + p + "k2 " + p + "k3 " + p + "missing\r\n");
        s.send("delete " + key(p) + "\r\ndelete " + key(p) + " 0\r\ndelete " + key(p) + " noreply\r\nget "
                + p + "k0 " + p + "k1 " + p + "k2 " + p + "k3\r\n");
    }

    void casRace(WireSession s, String p) {
        String k = p + "race";
        s.send(0, store("set", k, flags(), "0", value()));
        // both clients read the same CAS value; the first compare-and-swap wins, the second loses
        s.send(0, "gets " + k + "\r\n");
        s.send(1, "gets " + k + "\r\n");
        String winner = value();
        s.send(1, "cas " + k + " 0 0 " + winner.length() + " {cas}\r\n" + winner + "\r\n");
        s.send(0, "cas " + k + " 0 0 1 {cas}\r\nx\r\nget " + k + "\r\n");
        s.send(0, "cas " + k + " 0 0 1 0\r\ny\r\ncas " + p + "missing 0 0 1 " + (1 + random.nextInt(1000))
                + "\r\nz\r\n");
        // meta: mg's CAS feeds ms C and md C; an old value loses
        s.send(0, "mg " + k + " c v\r\n");
        s.send(1, "ms " + k + " 1 C{cas} c\r\nq\r\n");
        s.send(0, "ms " + k + " 1 C{cas}1 c\r\nr\r\nmg " + k + " v\r\n");
        s.send(1, "mg " + k + " c\r\n");
        s.send(1, random.nextBoolean() ? "md " + k + " C{cas} q\r\nmg " + k + " v\r\n"
                : "ma " + k + " C{cas}\r\nincr " + k + " 1\r\n");
        s.send(0, "gets " + k + "\r\n");
        s.send(0, "cas " + k + " 0 0 1 {cas} noreply\r\nw\r\ngets " + k + "\r\n");
        s.send(0, "cas " + k + " 0 0 1 {cas}\r\nv\r\n");
    }

    void expiration(WireSession s, String p) {
        String[] ttls = {"0", "-1", "-" + random.nextInt(1000000), "1000", "2592000", "2592001", "1000000000",
            Long.toString(System.currentTimeMillis() / 1000 + 100000), "4294967295", "99999999999"};
        for (int i = 0; i < 4; i++) {
            String k = p + "e" + i;
            s.send(store("set", k, "0", ttls[random.nextInt(ttls.length)], value()));
            s.send("get " + k + "\r\nmg " + k + " t v\r\nme " + k + "\r\n");
        }
        String k = p + "touched";
        s.send(store("set", k, "1", "0", "v"));
        s.send("touch " + k + " " + ttls[random.nextInt(ttls.length)] + "\r\nget " + k + "\r\n");
        s.send("gat " + ttls[random.nextInt(ttls.length)] + " " + k + " " + p + "none\r\nget " + k + "\r\n");
        s.send("gats -1 " + k + "\r\nget " + k + "\r\n");
        s.send("mg " + k + " T-1 v\r\nmg " + k + " v\r\n");
        s.send("flush_all -1\r\nget " + k + "\r\nflush_all 0 noreply\r\nflush_all noreply\r\n");
    }

    void arithmetic(WireSession s, String p) {
        s.onOwnServer(); // counters of 2^63 or more
        String k = p + "n";
        String[] values = {"0", "1", "100", "18446744073709551615", "18446744073709551614", " 5", "007", "1 23",
            "-1", "abc", "", "99999999999999999999", "12abc"};
        String[] deltas = {"0", "1", "5", "95", "18446744073709551615", "18446744073709551616", "-1", "x",
            String.valueOf(random.nextInt(1000))};
        for (int i = 0; i < 4; i++) {
            s.send(store("set", k, flags(), "0", values[random.nextInt(values.length)]));
            for (int j = 0; j < 3; j++) {
                // no get after a shrinking incr/decr: whether memcached pads in place or reallocates depends
                // on its background LRU threads holding a reference at that instant (FakeMemcachedTest checks padding)
                s.send((random.nextBoolean() ? "incr " : "decr ") + k + " " + deltas[random.nextInt(deltas.length)]
                        + "\r\n");
            }
        }
        s.send("incr " + p + "absent 1\r\ndecr " + p + "absent 1\r\nincr " + k + "\r\nincr " + k + " 1 2 3\r\n");
    }

    void badCommands(WireSession s, String p) {
        for (int i = 0; i < 6; i++) {
            int n = random.nextInt(6);
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < n; j++) {
                String word = WORDS[random.nextInt(WORDS.length)];
                if (word.equals("set") || word.equals("add") || word.equals("cas")) {
                    word = "sett";
                }
                line.append(j == 0 ? "" : random.nextInt(4) == 0 ? "  " : " ").append(word);
            }
            s.send(line + (random.nextBoolean() ? "\r\n" : "\n"));
        }
        s.send("get\tfoo\r\n\r\n \r\nx\r\nversion extra\r\nverbosity 1 2 3\r\nverbosity 1\r\n");
        s.send("delete a b c d\r\ndelete\r\ntouch " + p + "k\r\nflush_all a b c\r\nmn x y\r\nme\r\nme a b c\r\n");
        s.send("get " + "k".repeat(251) + "\r\nget " + p + "a " + "k".repeat(251) + "\r\nmg " + "k".repeat(251)
                + " v\r\nmd " + "k".repeat(251) + "\r\nstats cachedump\r\nstats detail x\r\nshutdown\r\n");
        s.send("lru_crawler\r\nlru_crawler foo\r\nlru_crawler metadump\r\nlru_crawler metadump 0\r\n"
                + "lru_crawler metadump x\r\nlru_crawler crawl 99\r\nlru_crawler tocrawl x\r\n"
                + "lru_crawler sleep 2000000\r\nslabs\r\nlru\r\nlru mode x\r\ncache_memlimit 1\r\n");
        s.send("get a\0b\r\nincr\0 a 1\r\n");
    }

    void badStorage(WireSession s, String p) {
        String k = p + "b";
        String[] lines = {
            "set " + k + " 0 0 3\r\nabcd\r\n",
            "set " + k + " 0 0 3\r\nab\r\n\r\n",
            "set " + k + " -1 0 1\r\nx\r\n",
            "set " + k + " 0 0 -1\r\n",
            "set " + k + " 0 0 4294967297\r\nx\r\n",
            "set " + k + " 0 0 abc noreply\r\nx\r\n",
            "set " + k + " 0 0\r\n",
            "set " + k + " 0 0 1 2 3\r\nx\r\n",
            "set " + "k".repeat(251) + " 0 0 1\r\nx\r\n",
            "set " + k + " 0x10 0 1\r\nx\r\n",
            "set " + k + " +5 +0 +1\r\nx\r\n",
            "cas " + k + " 0 0 1\r\nx\r\n",
            "cas " + k + " 0 0 1 -1\r\nx\r\n",
            "add " + k + " 0 0 2 noreply\r\nxyz\r\n",
            "append " + k + " 0 0 1 noreply\r\nx\r\n",
            "ms " + k + " 2 MX\r\nhi\r\n",
            "ms " + k + " x\r\nhi\r\n",
            "ms " + k + " 2 F-1\r\nhi\r\n",
            "ms " + k + " 2 q zz\r\nhi\r\n",
            "ms " + k + " 2 v v\r\nhi\r\n",
            "ms " + k + " 2 O" + "x".repeat(40) + "\r\nhi\r\n",
            "ms " + k + " 2\r\nhix\r\n",
            "ms " + k + " 2 q\r\nhix\r\n",
            "ms " + k + "\r\n",
            "ms " + k + " -2\r\n",
        };
        for (int i = 0; i < 6; i++) {
            s.send(lines[random.nextInt(lines.length)] + "get " + k + "\r\n");
        }
    }

    private String metaFlags(String pool, int max) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            char f = pool.charAt(random.nextInt(pool.length()));
            sb.append(' ').append(f);
            switch (f) {
                case 'O' -> sb.append("op").append(random.nextInt(100));
                case 'T', 'N', 'R' -> sb.append(random.nextInt(3) == 0 ? "-1" : random.nextBoolean() ? "0" : "3000");
                case 'F' -> sb.append(flags());
                case 'C' -> sb.append(random.nextInt(3));
                case 'D', 'J' -> sb.append(random.nextInt(10));
                default -> {
                    // flag without token
                }
            }
        }
        return sb.toString();
    }

    void metaGet(WireSession s, String p) {
        String k = p + "m";
        s.send("ms " + k + " 3 F" + flags() + " T0\r\nabc\r\n");
        for (int i = 0; i < 8; i++) {
            s.send("mg " + (random.nextInt(4) == 0 ? p + "absent" : k) + metaFlags("vstcfkOqulhTNRbz", 5) + "\r\n");
        }
        String binary = Base64.getEncoder().encodeToString((p + "bin").getBytes(StandardCharsets.US_ASCII));
        s.send("ms " + binary + " 1 b k c\r\nz\r\nmg " + binary + " b k v s\r\nme " + binary + " b\r\n");
        s.send("mg " + p + "viv N30 v c t k\r\nmg " + p + "viv N30 v t\r\nmg " + p + "viv v\r\n");
        s.send("mn\r\nmn\r\n");
    }

    void metaSetDelete(WireSession s, String p) {
        String k = p + "m";
        for (int i = 0; i < 8; i++) {
            String value = value();
            switch (random.nextInt(3)) {
                case 0 -> s.send("ms " + k + " " + value.length() + metaFlags("qOkcTFIM", 3).replace("M", "M"
                        + "SEAPR".charAt(random.nextInt(5))) + "\r\n" + value + "\r\n");
                case 1 -> s.send("md " + k + metaFlags("qOkCITb", 3) + "\r\n");
                default -> s.send("mg " + k + " v f t c s\r\n");
            }
        }
        s.send("ms " + k + " 2 T0\r\nhi\r\nmd " + k + " I T30\r\nmg " + k + " v c t\r\nmg " + k + " v\r\n"
                + "ms " + k + " 3 C1 I\r\nnew\r\nmd " + k + " q\r\nmd " + k + " q\r\n");
    }

    void metaArithmetic(WireSession s, String p) {
        s.onOwnServer(); // counters of 2^63 or more
        String k = p + "a";
        for (int i = 0; i < 8; i++) {
            String mode = random.nextInt(3) == 0 ? " M" + "ID+-x".charAt(random.nextInt(5)) : "";
            s.send("ma " + k + mode + metaFlags("NJDqtcvkOT", 4) + "\r\n");
        }
        s.send("ms " + k + " 3\r\nabc\r\nma " + k + "\r\nmg " + k + " v\r\n");
        s.send("ms " + k + " 20\r\n18446744073709551615\r\nma " + k + " v\r\nma " + k + " MD D18446744073709551615 v\r\n");
    }

    void noreply(WireSession s, String p) {
        String k = p + "q";
        s.send("set " + k + " 0 0 1 noreply\r\n1\r\nadd " + k + " 0 0 1 noreply\r\n2\r\nreplace " + k
                + " 0 0 1 noreply\r\n3\r\nappend " + k + " 0 0 1 noreply\r\n4\r\nprepend " + k
                + " 0 0 1 noreply\r\n5\r\nget " + k + "\r\n");
        s.send("incr " + k + " 10 noreply\r\ndecr " + k + " 3 noreply\r\nget " + k + "\r\ntouch " + k
                + " 0 noreply\r\ncas " + k + " 0 0 1 1 noreply\r\nz\r\ndelete " + k + " noreply\r\nget " + k + "\r\n");
        s.send("incr " + k + " 1 noreply\r\nverbosity 1 noreply\r\nverbosity noreply\r\nflush_all 0 noreply\r\n"
                + "incr " + k + " x noreply\r\ntouch " + k + " x noreply\r\nms " + k + " 1 q\r\n1\r\nmg " + k
                + " v q\r\nmg " + p + "none v q\r\nma " + k + " q\r\nma " + k + " q v\r\nmd " + k + " q\r\nmn\r\n");
    }

    void pipelined(WireSession s, String p) {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String k = key(p);
            switch (random.nextInt(6)) {
                case 0 -> batch.append(store("set", k, flags(), "0", value()));
                case 1 -> batch.append("get ").append(k).append(' ').append(key(p)).append("\r\n");
                case 2 -> batch.append("delete ").append(k).append("\r\n");
                case 3 -> batch.append("mg ").append(k).append(" v k f\r\n");
                case 4 -> batch.append("incr ").append(k).append(" 1\r\n");
                default -> batch.append(store("append", k, "0", "0", value()));
            }
        }
        s.send(batch.toString());
        s.send(batch.toString());
    }

    void limits(WireSession s, String p) {
        String k = p + "big";
        int fits = 1048516 - k.length() + 1;
        s.send(0, ("set " + k + " 0 0 " + fits + "\r\n" + "x".repeat(fits) + "\r\nmg " + k + " s\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), Until.SENTINEL);
        int tooLarge = fits + 1 + random.nextInt(3);
        s.send(0, ("set " + k + " 0 0 " + tooLarge + "\r\n" + "x".repeat(tooLarge) + "\r\nmg " + k + " s\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), Until.SENTINEL);
        s.send(0, ("ms " + k + " " + tooLarge + " q\r\n" + "x".repeat(tooLarge) + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), Until.SENTINEL);
        s.send(0, ("append " + k + " 0 0 " + fits + "\r\n" + "x".repeat(fits) + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), Until.SENTINEL);
        switch (random.nextInt(3)) {
            case 0 -> s.send(1, ("g".repeat(2100 + random.nextInt(5000))).getBytes(StandardCharsets.US_ASCII),
                    Until.EOF);
            case 1 -> s.send(1, "version\r\nquit\r\nversion\r\n".getBytes(StandardCharsets.US_ASCII), Until.EOF);
            default -> s.send(1, ("get " + "k ".repeat(3000) + "\r\n").getBytes(StandardCharsets.US_ASCII),
                    Until.SENTINEL);
        }
    }

    void metadump(WireSession s, String p) {
        String[] keys = {p + "plain", p + "sp%20ace", p + "colon:slash/", p + "t~._-", p + "\u00e9\u0001"};
        for (String key : keys) {
            if (random.nextInt(4) != 0) {
                s.send(store("set", key, flags(), random.nextBoolean() ? "0" : "100000", value()));
            }
        }
        s.send("get " + keys[0] + "\r\n");
        String[] selectors = {"all", "1", "1,2", "hash", "2", "63", "64", "0", "x"};
        s.send(0, ("lru_crawler metadump " + selectors[random.nextInt(selectors.length)] + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), Until.DUMP);
        s.send(1, "version\r\nlru_crawler metadump all\r\n");
    }

    /**
     * A request line of HTTP makes memcached hang up without a reply, dropping the replies of the same
     * read it has not sent (a get's and an mn's are sent at once); lines that only look like HTTP to a
     * person are answered.
     */
    void http(WireSession s, String p) {
        String k = p + "h";
        String[] requests = {"GET / HTTP/1.0", "PUT /a/b HTTP/1.1", "DELETE HTTP/1.1", "HEAD /" + k + " HTTP/1.1",
            "HTTP/1.1", "POST  /x  HTTP/1.0 ", "OPTIONS * HTTP/2"};
        String[] before = {"", "version\r\n", "get " + k + "\r\n", "mn\r\n", "set " + k + " 0 0 1\r\nx\r\n",
            "get " + k + "\r\nversion\r\n", "verbosity 1\r\nmn\r\nversion\r\n"};
        String[] lookAlikes = {"get / HTTP/1.0", "GET / HTTP/1.0 extra", "set " + k + " HTTP/1.1", "x HTTP/1.1",
            "GET / http/1.1", "delete " + k + " HTTP/1.1", "gets HTTP/1.1", "mg " + k + " HTTP/1.1"};
        s.send(0, lookAlikes[random.nextInt(lookAlikes.length)] + "\r\n");
        String ending = random.nextBoolean() ? "\r\n" : "\n";
        s.send(1, (before[random.nextInt(before.length)] + requests[random.nextInt(requests.length)] + ending
                + "version\r\n").getBytes(StandardCharsets.US_ASCII), Until.EOF);
        s.send(0, "get " + k + "\r\nversion\r\n");
    }

    void stats(WireSession s, String p) {
        String[] groups = {"", " settings", " detail on", " detail off", " sizes", " foo", " cachedump 1",
            " cachedump x y", " cachedump 64 0", " cachedump 40 0 extra"};
        s.send("stats" + groups[random.nextInt(groups.length)] + "\r\n");
        s.send("stats\r\n");
        s.send("version\r\nverbosity " + random.nextInt(5) + "\r\n");
    }
}
