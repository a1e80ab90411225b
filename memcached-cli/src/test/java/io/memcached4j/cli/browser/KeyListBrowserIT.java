package io.memcached4j.cli.browser;

import io.memcached4j.MemcachedClient;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key list as a person uses it, the real jar in tmux at 80x24 against an embedded fake this test
 * runs (its clock set by the test, so the keys' sizes, TTLs and last access times are known): sorting,
 * refresh, help, vim keys, tree delimiters, and the progress line while the keys stream in.
 */
class KeyListBrowserIT {
    private static final Pattern PROGRESS = Pattern.compile("Loading keys \\(hash-table walk\\) ([0-9,]+)\u2026");

    private static Tmux browser(FakeMemcached fake, String args) {
        return Tmux.start(80, 24, Tmux.jar("", Tmux.besideJar("key-list-it.log"), args + " --servers " + fake.address()));
    }

    @Test
    void sortsByNameSizeTtlAndLastAccessRefreshesHelpsAndMovesWithVimKeys() {
        long now = System.currentTimeMillis() / 1000;
        ManualClock clock = new ManualClock(now - 1000);
        try (FakeMemcached fake = FakeMemcached.builder().clock(clock).start();
             MemcachedClient client = Clients.patient(fake.address().toString())) {
            // last access: a:small oldest, c:medium newest; TTL left: b:large least, a:small never expires
            client.set("a:small", "x".repeat(10).getBytes(StandardCharsets.UTF_8), 0, 0);
            clock.advance(Duration.ofSeconds(600));
            client.set("b:large", "x".repeat(5000).getBytes(StandardCharsets.UTF_8), 0, 1000);
            clock.advance(Duration.ofSeconds(300));
            client.set("c:medium", "x".repeat(500).getBytes(StandardCharsets.UTF_8), 0, 3000);

            try (Tmux t = browser(fake, "--flat --timeout 10")) {
                String s = t.await("the flat list", x -> x.contains("3 keys") && x.contains("c:medium"));
                assertEquals(List.of("a:small", "b:large", "c:medium"), keys(s));
                assertTrue(s.contains(" flat  sort:name\u2191"), s);

                // o: the next order, O: reversed. By TTL the key that never expires has the most time left;
                // by last access the least recently used comes first.
                List<String> abc = List.of("a:small", "b:large", "c:medium");
                List<String> acb = List.of("a:small", "c:medium", "b:large");
                String[][] steps = {{"o", "size\u2191"}, {"O", "size\u2193"}, {"o", "TTL\u2193"}, {"O", "TTL\u2191"},
                    {"o", "last access\u2191"}, {"O", "last access\u2193"}, {"o", "name\u2193"}, {"O", "name\u2191"}};
                List<String> bca = List.of("b:large", "c:medium", "a:small");
                List<String> cba = List.of("c:medium", "b:large", "a:small");
                List<List<String>> orders = List.of(acb, bca, acb, bca, abc, cba, cba, abc);
                for (int i = 0; i < steps.length; i++) {
                    t.keys(steps[i][0]);
                    s = awaitOrder(t, "sort:" + steps[i][1], orders.get(i));
                    if (steps[i][1].startsWith("TTL")) {
                        assertTrue(row(s, "b:large").matches("b:large +4\\.9 KB +(9|10)m +.*"),
                                "5000 bytes (and the item's header), 10 minutes left: " + row(s, "b:large"));
                    }
                }

                // r reloads the list: a key set since then appears
                client.set("d:fresh", "new".getBytes(StandardCharsets.UTF_8), 0, 0);
                assertFalse(t.screen().contains("d:fresh"), "not listed before the refresh");
                t.keys("r");
                s = t.await("the fresh key", x -> x.contains("4 keys") && x.contains("d:fresh"));
                assertEquals(List.of("a:small", "b:large", "c:medium", "d:fresh"), keys(s));

                // ? shows the keys of every page; q goes back
                t.keys("?");
                s = t.await("the help", x -> x.contains("KEY LIST") && x.contains("VALUE") && x.contains("EDITOR")
                        && x.contains("STATS") && x.contains("command palette"));
                assertTrue(s.lines().allMatch(l -> l.length() <= 80), "fits 80 columns:\n" + s);
                t.keys("q");
                t.await("the list again", x -> x.contains("4 keys") && !x.contains("KEY LIST"));

                // vim keys in the tree: l opens a group or a value, j k move, h closes, G g last and first
                t.keys("t");
                t.await("the tree", x -> x.contains(" tree  sort:name") && x.contains("\u25b8 a:  (1)")
                        && x.contains("\u25b8 d:  (1)"));
                t.keys("l");
                t.await("a: open", x -> x.contains("\u25be a:  (1)") && x.contains("  a:small"));
                t.keys("j", "l");
                t.await("the value of a:small", x -> x.contains("Value  a:small") && x.contains("xxxxxxxxxx"));
                t.keys("q", "k", "h");
                t.await("a: closed", x -> x.contains("\u25b8 a:  (1)") && !x.contains("a:small"));
                t.keys("G", "l");
                t.await("d: open", x -> x.contains("\u25be d:  (1)") && x.contains("  d:fresh"));
                t.keys("j", "Enter");
                t.await("the value of the last key", x -> x.contains("Value  d:fresh") && x.contains("\nnew"));
                t.keys("q", "g", "Space");
                t.await("a: open again", x -> x.contains("\u25be a:  (1)") && x.contains("\u25be d:  (1)"));

                // and the arrows: down, right opens the value, up, left closes the group
                t.keys("Down", "Right");
                t.awaitText("Value  a:small");
                t.keys("Escape");
                t.await("the list", x -> x.contains("4 keys") && !x.contains("Value  "));
                t.keys("Up", "Left");
                t.await("a: closed by the left arrow", x -> x.contains("\u25b8 a:  (1)") && !x.contains("a:small"));

                // D changes the delimiters the tree splits on
                t.keys("D");
                t.await("the delimiters prompt", x -> x.contains("Tree delimiters") && x.contains(":/.\u2588"));
                t.keys("C-u");
                t.type("/");
                t.keys("Enter");
                s = t.await("no group: no key holds a /", x -> !x.contains("\u25b8") && !x.contains("\u25be")
                        && x.contains("d:fresh"));
                assertEquals(List.of("a:small", "b:large", "c:medium", "d:fresh"), keys(s));
                t.keys("q");
                t.await("the program to end", x -> t.exited());
            }
        }
    }

    @Test
    void theListFillsWhileTheKeysStreamWithAProgressLineAndTheScreenAnswers() {
        int count = 3000;
        try (FakeMemcached fake = FakeMemcached.start();
             MemcachedClient client = Clients.patient(fake.address().toString())) {
            for (int i = 0; i < count; i++) {
                client.set(String.format(Locale.ROOT, "k:%04d", i), new byte[] {'v'}, 0, 0);
            }
            // the dump's first 40 KB come at once, the rest 8 seconds later
            fake.faults().onCommand("lru_crawler").times(1).splitReply(40_000, Duration.ofSeconds(8));
            try (Tmux t = browser(fake, "--flat --timeout 30")) {
                String s = t.await("some keys listed while the dump runs", x -> progress(x) > 0 && x.contains("k:"));
                assertTrue(progress(s) < count, "not all yet:\n" + s);
                String first = s.lines().skip(2).findFirst().orElseThrow().strip().split(" ")[0];
                assertTrue(first.matches("k:[0-9]{4}"), "the first row is a key:\n" + s);

                // the screen answers while the keys stream in: the filter narrows what is there so far
                t.keys("/");
                t.type(first);
                s = t.await("the filter applied while loading", x -> x.contains("/" + first) && x.contains(", 1 match")
                        && progress(x) > 0);
                assertTrue(s.lines().skip(2).findFirst().orElseThrow().startsWith(first + " "), s);
                t.keys("Enter");

                s = t.await("every key", x -> x.contains(String.format(Locale.ROOT, "%,d keys, ", count))
                        && progress(x) < 0);
                assertTrue(s.contains(first), s);
                t.keys("Escape");
                t.await("the filter cleared", x -> x.contains(String.format(Locale.ROOT, "%,d keys", count))
                        && !x.contains("match"));
                t.keys("q");
                t.await("the program to end", x -> t.exited());
            }
        }
    }

    /** Waits for the sort order in the title and the rows in that order (the rows follow the title). */
    private static String awaitOrder(Tmux t, String title, List<String> keys) {
        return t.await(title + " " + keys, x -> x.contains(" " + title) && keys(x).equals(keys));
    }

    /** @return the number of keys the progress line says are loaded, or -1 without one */
    private static int progress(String screen) {
        Matcher m = PROGRESS.matcher(screen);
        return m.find() ? Integer.parseInt(m.group(1).replace(",", "")) : -1;
    }

    /** @return the keys of the flat list's rows, top to bottom */
    private static List<String> keys(String screen) {
        return screen.lines().skip(2).map(l -> l.strip().split(" ")[0])
                .filter(k -> k.matches("[a-z]:[a-z]+")).toList();
    }

    private static String row(String screen, String key) {
        return screen.lines().filter(l -> l.strip().startsWith(key + " ")).findFirst().orElse("");
    }
}
