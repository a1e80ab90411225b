package io.memcached4j.cli.browser;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first command: the real jar with no arguments, in tmux at 80x24, opens the browser on the
 * embedded demo fake and says so on screen; its JSON, gzip and zstd values show decoded.
 */
class DemoBrowserIT {

    @Test
    void withNoArgumentsThePersonBrowsesTheDemo() throws IOException {
        Path log = Tmux.besideJar("demo-browser-it.log");
        Files.deleteIfExists(log);
        // no server from the environment or a config file: XDG_CONFIG_HOME points where there is none
        String command = Tmux.jar("XDG_CONFIG_HOME=" + Tmux.besideJar("no-config"), log, "");
        try (Tmux t = Tmux.start(80, 24, command)) {
            String s = t.await("the demo key tree", x -> x.contains("4,712 keys")
                    && x.contains("\u25b8 user:  (1,600)") && x.contains("\u25b8 session:  (1,500)")
                    && x.contains("\u25b8 cache/  (1,403)") && x.contains("\u25b8 feature.  (40)"));
            assertTrue(s.lines().skip(1).findFirst().orElse("")
                    .startsWith("DEMO: embedded fake. Real server: --servers host:port,\u2026 or $MEMCACHED4J_SERVERS"),
                    "the demo notice under the title:\n" + s);
            assertTrue(s.lines().allMatch(l -> l.length() <= 80), "fits 80 columns");
            assertFalse(s.contains("TransportProvider") || s.contains("INFO"), "nothing logged onto the screen:\n" + s);
            assertTrue(Files.readString(log).contains("uses TransportProvider"), "the platform's log lines go to the log file");

            // a JSON value, pretty-printed ("user:800:profile" is a subsequence of no other key)
            t.keys("/");
            t.type("user:800:profile");
            t.await("the filtered tree", x -> x.contains("user:800:profile") && x.contains(", 1 match"));
            t.keys("Enter", "G", "Enter");
            t.await("user:800:profile pretty-printed", x -> x.contains("Value  user:800:profile")
                    && x.contains("view json (auto)") && x.contains("{\n  \"id\": 800,\n  \"name\": \"")
                    && x.contains("\n  \"roles\": ["));
            t.keys("q");

            // a zstd value shown decompressed (and, being JSON, pretty-printed)
            t.awaitText("4,712 keys, ");
            t.keys("/", "C-u");
            t.type("catalog.json.zst");
            t.await("the zstd key", x -> x.contains("cache/catalog.json.zst") && x.contains(", 1 match"));
            t.keys("Enter", "G", "Enter");
            t.await("the catalog decompressed", x -> x.contains("Value  cache/catalog.json.zst")
                    && x.contains("json, zstd") && x.contains("\n  \"generated\": \"2026-11-30T00:00:00Z\",\n")
                    && x.contains("\"sku\": \"SKU-10001\""));
            t.keys("q");

            // a gzip value shown decompressed
            t.awaitText("4,712 keys, ");
            t.keys("/", "C-u");
            t.type("home.html.gz");
            t.await("the gzip key", x -> x.contains("cache/page/home.html.gz") && x.contains(", 1 match"));
            t.keys("Enter", "G", "Enter");
            t.await("the page decompressed", x -> x.contains("Value  cache/page/home.html.gz")
                    && x.contains("text, gzip") && x.contains("\n<!doctype html>\n")
                    && x.contains("<li><a href=\"/products/0\">product 0</a></li>"));

            t.keys("q", "q");
            t.await("the program to end", x -> t.exited());
        }
    }

    @Test
    void theBrowserOptionsAtTopLevelAndTheFirstRowSelectedWhileKeysArrive() {
        String command = Tmux.jar("XDG_CONFIG_HOME=" + Tmux.besideJar("no-config"),
                Tmux.besideJar("demo-browser-it.log"), "--flat --theme light");
        try (Tmux t = Tmux.start(80, 24, command)) {
            String s = t.await("the flat demo list", x -> x.contains("4,712 keys") && x.contains(" flat  sort:name"));
            // the person moved nothing: the list shows its start, the first key by name selected
            String first = s.lines().skip(3).findFirst().orElseThrow();
            assertTrue(first.startsWith("blob:"), "the first key by name at the top:\n" + s);
            String firstWithAttributes = t.screenWithAttributes().lines().skip(3).findFirst().orElseThrow();
            String before = firstWithAttributes.substring(0, Math.max(0, firstWithAttributes.indexOf("blob:")));
            assertTrue(Pattern.compile("\u001b\\[([0-9]+;)*44m").matcher(before).find(),
                    "selected, in the light theme (white on blue): " + firstWithAttributes);
            t.keys("q");
            t.await("the program to end", x -> t.exited());
        }
    }

    @Test
    void theValueViewerDecodesZlibShowsBinaryAsHexSwitchesModesAndScrolls() {
        String command = Tmux.jar("XDG_CONFIG_HOME=" + Tmux.besideJar("no-config"), Tmux.besideJar("demo-browser-it.log"), "");
        try (Tmux t = Tmux.start(80, 24, command)) {
            t.awaitText("4,712 keys");
            open(t, "catalog.json.zlib", "cache/catalog.json.zlib");
            // the whole screen drawn, down to the position indicator: tmux may show it half drawn
            String s = t.await("the zlib value inflated and pretty-printed", x -> x.contains("json, zlib")
                    && x.contains("view json (auto)") && x.contains("\n  \"generated\": \"2026-11-30T00:00:00Z\",\n")
                    && POSITION.matcher(x.stripTrailing()).find());
            int lines = total(s);
            assertTrue(lines > 1000, "200 products, pretty-printed:\n" + s);

            // scrolling: a line, a page, the end, the start
            assertTrue(s.contains(" 1-21/" + lines), s);
            t.keys("j");
            t.awaitText(" 2-22/" + lines);
            t.keys("Space");
            t.awaitText(" 23-43/" + lines);
            t.keys("G");
            s = t.awaitText(" " + (lines - 20) + "-" + lines + "/" + lines);
            assertTrue(s.contains("\n  ]\n}\n"), "the end of the JSON:\n" + s);
            t.keys("g");
            t.awaitText(" 1-21/" + lines);

            // m switches the view: text, json, hex of the content, hex of the stored bytes, auto
            t.keys("m");
            t.await("the text view", x -> x.contains("view text") && x.contains("\n{\"generated\":\"2026-11-30T00:00:00Z\",\"products\":[")
                    && x.contains("View: text"));
            t.keys("m");
            t.await("the json view, chosen", x -> x.lines().anyMatch(l -> l.endsWith("| view json")));
            t.keys("m");
            t.await("the content in hex", x -> x.contains("view hex") && x.contains("\n00000000  7b 22 67 65 6e 65 72 61  74 65 64 22 3a 22 32 30 |{\"generated\":\"20|"));
            t.keys("m");
            t.await("the stored bytes in hex", x -> x.contains("view raw") && Pattern.compile("\n00000000  78 (01|5e|9c|da) ").matcher(x).find());
            t.keys("m");
            t.awaitText("view json (auto)");
            t.keys("q");

            // binary data as a hex dump
            t.awaitText("4,712 keys, ");
            open(t, "blob:uuids", "blob:uuids");
            s = t.await("the binary value in hex", x -> x.contains("binary, 1.0 KB") && x.contains("view hex (auto)")
                    && x.contains("\n00000010  ") && x.contains(" 1-21/64"));
            assertTrue(Pattern.compile("\n00000000  ([0-9a-f]{2} ){8} ([0-9a-f]{2} ){8}\\|.{16}\\|\n").matcher(s).find(), s);
            t.keys("q");

            // plain text as it is
            t.awaitText("4,712 keys, ");
            open(t, "motd", "motd");
            t.await("the text", x -> x.contains("view text (auto)") && x.contains("\nWelcome to the memcached4j demo.\nPress ? for help.\n"));
            t.keys("q");

            // text in a script whose characters take two columns each
            t.awaitText("4,712 keys, ");
            open(t, "greeting:ja", "i18n:greeting:ja");
            t.await("the Japanese text whole", x -> x.contains("\n\u3053\u3093\u306b\u3061\u306f\u3001\u4e16\u754c\n"));
            t.keys("q", "q");
            t.await("the program to end", x -> t.exited());
        }
    }

    @Test
    void theDemoServersStatsListItsSlabClassesAndScrollThem() {
        String command = Tmux.jar("XDG_CONFIG_HOME=" + Tmux.besideJar("no-config"), Tmux.besideJar("demo-browser-it.log"), "");
        try (Tmux t = Tmux.start(80, 24, command)) {
            t.awaitText("4,712 keys");
            t.keys("s");
            t.await("the total", x -> x.contains("Stats  Total of 1 server") && x.contains("Items     4,712 "));
            t.keys("Tab");
            String s = t.await("the server's slab classes, more than fit", x -> x.contains("SLAB      CHUNK")
                    && x.contains("more slab classes (j k scroll)"));
            String first = firstSlabRow(s);
            t.keys("j");
            s = t.await("the table scrolled a row", x -> !firstSlabRow(x).equals(first));
            assertTrue(slabClass(firstSlabRow(s)) > slabClass(first), "the next class on top:\n" + s);
            t.keys("k");
            t.await("back at the first class", x -> firstSlabRow(x).equals(first));
            t.keys("q", "q");
            t.await("the program to end", x -> t.exited());
        }
    }

    private static int slabClass(String row) {
        return Integer.parseInt(row.strip().split(" +")[0]);
    }

    private static String firstSlabRow(String screen) {
        return screen.lines().dropWhile(l -> !l.startsWith(" SLAB ")).skip(1).findFirst().orElse("");
    }

    /** Filters the list down to one key and opens its value. */
    private static void open(Tmux t, String filter, String key) {
        t.keys("/", "C-u");
        t.type(filter);
        t.await("the key " + key, x -> x.contains(key) && x.contains(", 1 match"));
        t.keys("Enter", "G", "Enter");
        t.awaitText("Value  " + key);
    }

    /** The value viewer's position indicator ({@code 1-21/1004}) at the end of the screen. */
    private static final Pattern POSITION = Pattern.compile(" [0-9]+-[0-9]+/([0-9]+)\n?$");

    /** @return the number of lines of the value, from the position indicator ({@code 1-21/1004}) */
    private static int total(String screen) {
        Matcher m = POSITION.matcher(screen.stripTrailing());
        assertTrue(m.find(), "the position indicator:\n" + screen);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void emptyStartsAnEmptyFakeAndSaysHowToBeginAndWhatItIs() {
        String command = Tmux.jar("XDG_CONFIG_HOME=" + Tmux.besideJar("no-config"), Tmux.besideJar("demo-browser-it.log"), "--empty");
        try (Tmux t = Tmux.start(80, 24, command)) {
            String s = t.await("the empty list", x -> x.contains("0 keys") && x.contains("No keys on the server. Press n to create one."));
            assertTrue(s.lines().skip(1).findFirst().orElse("").startsWith("EMPTY: embedded fake. Real server: --servers host:port,\u2026 or $MEMCACHED4J_SERVERS"),
                    "what it is, under the title:\n" + s);
            t.keys("n");
            t.awaitText("New key");
            t.type("first");
            t.keys("Enter");
            t.awaitText("New  first");
            t.type("hello");
            t.keys("C-s");
            t.await("the new key listed", x -> x.contains("Created first") && x.contains("  1 key")
                    && x.lines().anyMatch(l -> l.startsWith("  first ")));
            t.keys("q");
            t.await("the program to end", x -> t.exited());
        }
    }
}
