package io.memcached4j.cli.browser;

import io.memcached4j.MemcachedClient;
import io.memcached4j.process.MemcachedProcess;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The browser on two memcached 1.6.18 at once, the real jar in tmux at 80x24: the keys of both with a
 * server column that says where ketama put each one, a server filter, and the stats screen per server
 * and in total.
 */
class SeveralServersBrowserIT {
    private static final int KEYS = 40;
    /** A flat list row: the key, its size, TTL, last access, slab class and server. */
    private static final Pattern ROW = Pattern.compile(
            "^(item:\\d+) +\\S+ B +never +\\S+ +\\d+ (127\\.0\\.0\\.1:\\d+)$", Pattern.MULTILINE);

    @Test
    void keysOfBothServersWithTheServerKetamaChoseAndAServerFilter() {
        try (MemcachedProcess a = MemcachedProcess.start();
             MemcachedProcess b = MemcachedProcess.start();
             MemcachedClient both = Clients.patient(a.address() + "," + b.address());
             MemcachedClient onA = Clients.patient(a.address().toString());
             MemcachedClient onB = Clients.patient(b.address().toString())) {
            for (int i = 0; i < KEYS; i++) {
                both.set("item:" + i, ("value " + i).getBytes(StandardCharsets.UTF_8), 0, 0);
            }
            // where the client's ketama put each key: on exactly one of the servers
            Map<String, String> placed = new HashMap<>();
            for (int i = 0; i < KEYS; i++) {
                String key = "item:" + i;
                boolean inA = onA.get(key).isPresent();
                assertTrue(inA != onB.get(key).isPresent(), key + " is on exactly one server");
                placed.put(key, (inA ? a : b).address().toString());
            }
            long onAcount = placed.values().stream().filter(a.address().toString()::equals).count();
            assertTrue(onAcount > 0 && onAcount < KEYS, "ketama spread the keys over both: " + onAcount);

            String args = "--flat --timeout 10 --servers " + a.address() + "," + b.address();
            try (Tmux t = Tmux.start(80, 24, Tmux.jar("", Tmux.besideJar("several-servers-it.log"), args))) {
                String s = t.await("the keys of both servers", x -> x.contains(KEYS + " keys") && x.contains("2 servers"));
                assertTrue(Pattern.compile("KEY +SIZE +TTL +ACCESS +SLAB +SERVER").matcher(s).find(), "a server column:\n" + s);
                assertTrue(s.lines().allMatch(l -> l.length() <= 80), "fits 80 columns:\n" + s);

                // each row's server is the one the client placed the key on
                Matcher rows = ROW.matcher(s);
                int checked = 0;
                while (rows.find()) {
                    assertEquals(placed.get(rows.group(1)), rows.group(2), rows.group(1) + "'s server:\n" + s);
                    checked++;
                }
                assertTrue(checked >= 15, "the rows on the screen were checked: " + checked + "\n" + s);

                // S shows one server's keys, then the other's, then all again
                t.keys("S");
                s = t.await("the first server only", x -> x.contains(narrowed(onAcount, a)));
                assertOnly(s, a.address().toString());
                t.keys("S");
                s = t.await("the second server only", x -> x.contains(narrowed(KEYS - onAcount, b)));
                assertOnly(s, b.address().toString());
                t.keys("S");
                t.await("every server again", x -> x.contains("Showing every server") && x.contains(KEYS + " keys")
                        && !x.contains("match"));

                // the stats screen: the total with a row per server, then each server with its slab classes
                t.keys("s");
                s = t.await("the total", x -> x.contains("Stats  Total of 2 servers") && items(x, KEYS)
                        && x.contains(a.address() + " ") && x.contains(b.address() + " "));
                assertTrue(Pattern.compile("SERVER +ITEMS +HIT% +GETS/S +SETS/S +MEMORY").matcher(s).find(), s);
                for (String shown : List.of("Hit ratio", "Gets/s", "Sets/s", "Evictions", "Evict/s", "Conns", "Uptime")) {
                    assertTrue(s.contains(shown), shown + ":\n" + s);
                }
                assertTrue(Pattern.compile("Memory +[0-9.]+ [KM]?B of 128 MB ").matcher(s).find(), "used of the two limits:\n" + s);
                t.keys("Tab");
                s = t.await("the first server", x -> x.contains("Stats  " + a.address()) && items(x, onAcount)
                        && Pattern.compile("SLAB +CHUNK +ITEMS +PAGES +USED +EVICTED").matcher(x).find());
                t.keys("Tab");
                t.await("the second server", x -> x.contains("Stats  " + b.address()) && items(x, KEYS - onAcount));
                t.keys("Tab");
                s = t.awaitText("Stats  Total of 2 servers");
                assertFalse(sparkline(s, "gets/s").contains("\u2588"), "no get yet, no high bar:\n" + s);

                // the sparklines show a burst of gets as the highest bar
                for (int i = 0; i < 500; i++) {
                    both.get("item:" + (i % KEYS));
                }
                s = t.await("the burst in the gets/s sparkline", x -> sparkline(x, "gets/s").contains("\u2588"));
                assertFalse(s.contains("Stats failed"), s);
                t.keys("q", "q");
                t.await("the program to end", x -> t.exited());
            }
        }
    }

    /** @return the status line's counts with the list narrowed to one server */
    private static String narrowed(long matches, MemcachedProcess server) {
        return String.format(Locale.ROOT, "%d keys, %d match%s on %s", KEYS, matches, matches == 1 ? "" : "es", server.address());
    }

    /** @return whether the stats screen shows this many items */
    private static boolean items(String screen, long count) {
        return Pattern.compile("Items +" + count + " ").matcher(screen).find();
    }

    /** @return the sparkline row of a rate */
    private static String sparkline(String screen, String rate) {
        return screen.lines().filter(l -> l.startsWith(" " + rate + " ")).findFirst().orElse("");
    }

    private static void assertOnly(String screen, String server) {
        List<String> servers = ROW.matcher(screen).results().map(r -> r.group(2)).distinct().toList();
        assertEquals(List.of(server), servers, screen);
    }
}
