package io.memcached4j.cli.browser;

import io.memcached4j.Item;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MetaRequest;
import io.memcached4j.process.MemcachedProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The browser as a person uses it: the real jar runs in tmux at 80x24 against a memcached this test
 * started and filled; the test types keys and reads the screen.
 */
class BrowserIT {
    private static final String ORDER = "{\"id\":1001,\"items\":[{\"sku\":\"A-1\",\"qty\":2}],\"total\":9.5}";
    private static MemcachedProcess memcached;
    private static MemcachedClient client;

    @BeforeAll
    static void fill() throws IOException {
        memcached = MemcachedProcess.start();
        client = Memcached.connect(memcached.address().toString());
        for (int i = 0; i < 50; i++) {
            client.set("user:" + i + ":profile", ("{\"id\":" + i + ",\"name\":\"User " + i + "\"}").getBytes(StandardCharsets.UTF_8), 0, 3600);
            client.set("session:" + i, ("s" + i).getBytes(StandardCharsets.UTF_8), 0, 600);
        }
        client.set("cache/page/home", gzip("<html>home</html>"), 0, 0);
        client.set("feature.flags.dark", "true".getBytes(StandardCharsets.UTF_8), 0, 0);
        client.set(new Item("order:1001", ORDER.getBytes(StandardCharsets.UTF_8), 7, 3600));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (memcached != null) {
            memcached.close();
        }
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String command(String env) {
        return command(env, memcached);
    }

    private static String command(String env, MemcachedProcess server) {
        return Tmux.jar(env, Tmux.besideJar("browser-it.log"), "--servers " + server.address());
    }

    private static String get(String key) {
        return client.get(key).map(i -> new String(i.value(), StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void aPersonBrowsesFiltersViewsEditsDeletesAndWatchesStats() {
        try (Tmux t = Tmux.start(80, 24, command(""))) {
            // the key tree appears, complete
            String s = t.await("the key tree", x -> x.contains("\u25b8 user:  (50)") && x.contains("\u25b8 session:  (50)")
                    && x.contains("\u25b8 order:  (1)") && x.contains("103 keys"));
            assertTrue(s.lines().allMatch(l -> l.length() <= 80), "fits 80 columns");

            // filtering narrows it
            t.keys("/");
            t.type("order");
            s = t.await("the filtered tree", x -> x.contains("103 keys, 1 match") && x.contains("order:1001")
                    && !x.contains("session:") && !x.contains("user:"));
            t.keys("Enter");

            // opening a JSON value shows it pretty-printed
            t.keys("j", "Enter");
            t.await("the JSON pretty-printed", x -> x.contains("view json (auto)") && x.contains("\n  \"id\": 1001,\n")
                    && x.contains("\n      \"sku\": \"A-1\",\n") && x.contains("\n  \"total\": 9.5\n}"));

            // an edit saved while another client changed the value: conflict shown, nothing overwritten
            t.keys("e");
            t.awaitText("Edit  order:1001");
            t.keys("End", "BSpace");
            t.type(",\"note\":\"mine\"}");
            t.awaitText("\"note\":\"mine\"}");
            String theirs = "{\"id\":1001,\"changed\":\"by-other\"}";
            client.set(new Item("order:1001", theirs.getBytes(StandardCharsets.UTF_8), 7, 3600));
            t.keys("C-s");
            s = t.await("the conflict with both versions", x -> x.contains("Nothing was written")
                    && x.contains("YOUR EDIT") && x.contains("ON THE SERVER NOW")
                    && x.contains("\"changed\": \"by-other\"") && x.contains("\"note\": \"mine\"")
                    && x.contains("o overwrite with yours"));
            assertEquals(theirs, get("order:1001"), "nothing overwritten");

            // overwriting is a deliberate choice, and keeps the flags and the TTL
            t.keys("o");
            t.awaitText("Overwrote");
            String mine = ORDER.substring(0, ORDER.length() - 1) + ",\"note\":\"mine\"}";
            assertEquals(mine, get("order:1001"));
            var meta = client.meta(MetaRequest.get("order:1001").clientFlags().ttl().build());
            assertEquals("7", meta.flag('f').orElseThrow());
            long ttl = Long.parseLong(meta.flag('t').orElseThrow());
            assertTrue(ttl > 3000 && ttl <= 3600, "TTL kept: " + ttl);

            // delete asks first
            t.keys("d");
            t.awaitText("Delete key order:1001 ?");
            assertEquals(mine, get("order:1001"), "not deleted before the answer");
            t.keys("n");
            t.awaitText("Nothing changed");
            assertEquals(mine, get("order:1001"));
            t.keys("d");
            t.awaitText("Delete key order:1001 ?");
            t.keys("y");
            t.await("the list without the key", x -> x.contains("Deleted order:1001") || x.contains("No key matches"));
            assertEquals(null, get("order:1001"));

            // the stats screen shows numbers that move
            t.keys("Escape", "s");
            s = t.await("stats", x -> gets(x) >= 0);
            long before = gets(s);
            for (int i = 0; i < 200; i++) {
                client.get("user:" + (i % 50) + ":profile");
            }
            s = t.await("the gets counter to move", x -> gets(x) >= before + 200 && x.contains("Memory"));
            assertTrue(s.contains("Hit ratio") && s.contains("gets/s"), s);

            t.keys("q", "q");
            t.await("the program to end", x -> t.exited());
        }
    }

    @Test
    void aDisabledCrawlerIsExplainedAndEnabledWhenThePersonAgrees() {
        try (MemcachedProcess off = MemcachedProcess.builder().arguments("-o", "no_lru_crawler").start();
             MemcachedClient c = Memcached.connect(off.address().toString())) {
            for (int i = 0; i < 3; i++) {
                c.set("k:" + i, new byte[] {'v'}, 0, 0);
            }
            try (Tmux t = Tmux.start(80, 24, command("", off))) {
                t.await("the offer to enable the crawler", x -> x.contains("LRU crawler is disabled on " + off.address())
                        && x.contains("Enable it now (lru_crawler enable)?"));
                t.keys("y");
                t.await("the keys listed", x -> x.contains("k:  (3)") && x.contains("3 keys"));
                t.keys("q");
            }
        }
    }

    @Test
    void theScreenFollowsTheTerminalSize() {
        try (Tmux t = Tmux.start(80, 24, command(""))) {
            t.await("the key tree at 80x24", x -> x.contains("user:  (50)") && x.lines().findFirst().orElse("").stripTrailing()
                    .length() == 80 - 1);
            t.resize(120, 40);
            t.await("the title across 120 columns and the list 40 rows tall", x -> x.lines().findFirst().orElse("")
                    .stripTrailing().length() == 120 - 1 && x.lines().count() == 40 && x.lines().skip(38).findFirst()
                    .orElse("").contains("keys"));
            t.resize(60, 15);
            t.await("the narrow screen", x -> x.lines().findFirst().orElse("").stripTrailing().length() == 60 - 1
                    && x.contains("SIZE"));
            t.keys("q");
            t.await("the program to end", x -> t.exited());
        }
    }

    @Test
    void noColourWhenNoColorIsSet() {
        try (Tmux t = Tmux.start(80, 24, command("NO_COLOR=1"))) {
            t.await("the key tree", x -> x.contains("user:  (50)"));
            String s = t.screenWithAttributes();
            Matcher sgr = Pattern.compile("\u001b\\[([0-9;]*)m").matcher(s);
            while (sgr.find()) {
                for (String p : sgr.group(1).split(";")) {
                    int v = p.isEmpty() ? 0 : Integer.parseInt(p);
                    boolean colour = v >= 30 && v <= 38 || v >= 40 && v <= 48 || v >= 90 && v <= 97 || v >= 100 && v <= 107;
                    assertFalse(colour, "a colour escape: " + sgr.group());
                }
            }
            assertTrue(s.contains("\u001b[7m") || s.contains(";7m"), "selection and title in reverse video");
            t.keys("q");
        }
    }

    @Test
    void aPersonCreatesAKeyEditsTtlAndFlagsAndCopiesAValue() {
        try (MemcachedProcess own = MemcachedProcess.start();
             MemcachedClient c = Memcached.connect(own.address().toString())) {
            c.set(new Item("conf:a", "alpha".getBytes(StandardCharsets.UTF_8), 3, 0));
            try (Tmux t = Tmux.start(80, 24, command("", own))) {
                t.acceptClipboard();
                t.await("the tree", x -> x.contains("\u25b8 conf:  (1)"));

                // n on a group offers its prefix; the editor sets the value, TTL and flags of the new key
                t.keys("n");
                t.await("the new key prompt", x -> x.contains("New key:") && x.contains("conf:"));
                t.type("new");
                t.keys("Enter");
                t.await("the editor on the new key", x -> x.contains("New  conf:new") && x.contains("flags 0 | TTL never"));
                t.type("hello");
                t.keys("C-t");
                t.awaitText("TTL in seconds");
                t.keys("C-u");
                t.type("300");
                t.keys("Enter");
                t.keys("C-f");
                t.awaitText("Client flags");
                t.keys("C-u");
                t.type("42");
                t.keys("Enter");
                t.await("the changed TTL and flags", x -> x.contains("flags 42 | TTL 300s (changed)"));
                t.keys("C-s");
                t.await("the new key in the list", x -> x.contains("Created conf:new") && x.contains("conf:  (2)"));
                assertEquals("hello", new String(c.get("conf:new").orElseThrow().value(), StandardCharsets.UTF_8));
                var created = c.meta(MetaRequest.get("conf:new").clientFlags().ttl().build());
                assertEquals("42", created.flag('f').orElseThrow());
                long ttl = Long.parseLong(created.flag('t').orElseThrow());
                assertTrue(ttl > 200 && ttl <= 300, "TTL set: " + ttl);

                // the TTL and flags of an existing key, changed in the editor; the value kept
                t.keys("/");
                t.type("conf:a");
                t.await("the filtered tree", x -> x.contains("2 keys, 1 match"));
                t.keys("Enter", "j", "e");
                t.await("the editor on conf:a", x -> x.contains("Edit  conf:a") && x.contains("flags 3 | TTL never"));
                t.keys("C-t");
                t.awaitText("TTL in seconds");
                t.keys("C-u");
                t.type("120");
                t.keys("Enter");
                t.keys("C-f");
                t.awaitText("Client flags");
                t.keys("C-u");
                t.type("9");
                t.keys("Enter");
                t.await("the changed TTL and flags", x -> x.contains("flags 9 | TTL 120s (changed)"));
                t.keys("C-s");
                t.awaitText("Saved conf:a");
                var edited = c.meta(MetaRequest.get("conf:a").clientFlags().ttl().build());
                assertEquals("9", edited.flag('f').orElseThrow());
                ttl = Long.parseLong(edited.flag('t').orElseThrow());
                assertTrue(ttl > 20 && ttl <= 120, "TTL changed: " + ttl);
                assertEquals("alpha", new String(c.get("conf:a").orElseThrow().value(), StandardCharsets.UTF_8));

                // y copies the selected key's value with OSC 52: tmux, which accepts it, holds it as a paste buffer
                t.keys("y");
                t.awaitText("Copied 5 bytes to the clipboard (OSC 52)");
                t.await("tmux to receive the OSC 52 copy", x -> t.hasBuffer());
                assertEquals("alpha", t.newestBuffer());

                t.keys("q");
                t.await("the program to end", x -> t.exited());
            }
        }
    }

    @Test
    void theLightThemeFromTheTopLevelOptionAndTSwitchesIt() {
        String titleBackground = "\u001b\\[[0-9;]*4%dm";
        Pattern blue = Pattern.compile(String.format(titleBackground, 4));
        Pattern cyan = Pattern.compile(String.format(titleBackground, 6));
        try (Tmux t = Tmux.start(80, 24, Tmux.jar("", Tmux.besideJar("browser-it.log"),
                "--theme light --flat --servers " + memcached.address()))) {
            t.await("the flat list", x -> x.contains("flat  sort:name") && x.contains("cache/page/home")
                    && !x.contains("\u25b8"));
            String title = t.screenWithAttributes().lines().findFirst().orElseThrow();
            assertTrue(blue.matcher(title).find() && !cyan.matcher(title).find(), "light: white on blue: " + title);
            t.keys("T");
            t.await("the dark theme", x -> {
                String line = t.screenWithAttributes().lines().findFirst().orElseThrow();
                return cyan.matcher(line).find() && !blue.matcher(line).find();
            });
            t.keys("q");
            t.await("the program to end", x -> t.exited());
        }
    }

    private static long gets(String screen) {
        Matcher m = Pattern.compile("Gets\\s+([0-9,]+)").matcher(screen);
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
    }
}
