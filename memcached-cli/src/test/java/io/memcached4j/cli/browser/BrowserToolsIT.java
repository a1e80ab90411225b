package io.memcached4j.cli.browser;

import io.memcached4j.Capabilities;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.process.MemcachedProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The browser's tools as a person uses them, the real jar in tmux at 80x24 against memcached 1.6.18
 * started with a 2 MB item size limit: the command palette, the raw command console and the
 * capabilities panel.
 */
class BrowserToolsIT {
    private static MemcachedProcess memcached;
    private static MemcachedClient client;

    @BeforeAll
    static void fill() {
        memcached = MemcachedProcess.builder().arguments("-I", "2m").start();
        client = Clients.patient(memcached.address().toString());
        for (int i = 0; i < 5; i++) {
            client.set("user:" + i, ("u" + i).getBytes(StandardCharsets.UTF_8), 0, 0);
        }
        client.set("motd", "hello".getBytes(StandardCharsets.UTF_8), 0, 0);
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

    private static Tmux browser(String servers) {
        return Tmux.start(80, 24, Tmux.jar("", Tmux.besideJar("browser-tools-it.log"), "--timeout 10 --servers " + servers));
    }

    @Test
    void theCommandPaletteNarrowsAsThePersonTypesAndRunsTheChosenCommand() {
        try (Tmux t = browser(memcached.address().toString())) {
            t.await("the key tree", x -> x.contains("\u25b8 user:  (5)") && x.contains("6 keys") && x.contains(" tree  sort:name"));

            // Ctrl+P opens it over the list, every command listed with its key
            t.keys("C-p");
            String s = t.await("the palette", x -> x.contains("Command palette") && x.contains("Toggle tree / flat list")
                    && x.contains("Reload the key list") && x.contains("Live stats"));
            assertTrue(s.contains("\u25b8 user:  (5)"), "drawn over the key list:\n" + s);

            // typing narrows it, fuzzily, at each keystroke
            t.type("fl");
            t.await("the commands matching \"fl\"", x -> x.contains("> fl") && x.contains("Toggle tree / flat list")
                    && x.contains("Filter keys") && !x.contains("Live stats") && !x.contains("Reload the key list"));
            t.type("at");
            s = t.await("only the flat list command", x -> x.contains("> flat") && x.contains("Toggle tree / flat list")
                    && !x.contains("Filter keys"));

            // Enter runs the chosen command: the list turns flat, the palette closes
            t.keys("Enter");
            s = t.await("the flat list", x -> x.contains(" flat  sort:name") && x.contains("user:0") && x.contains("motd")
                    && !x.contains("Command palette"));
            assertFalse(s.contains("\u25b8"), "no groups in the flat list:\n" + s);

            // Esc closes it without running anything
            t.keys("C-p");
            t.awaitText("Command palette");
            t.type("stats");
            t.await("the stats command", x -> x.contains("> stats") && x.contains("Live stats"));
            t.type("zz");
            t.await("no command", x -> x.contains("> statszz") && x.contains("No command matches.") && !x.contains("Live stats"));
            t.keys("Escape");
            s = t.await("the palette closed", x -> !x.contains("Command palette"));
            assertTrue(s.contains(" flat  sort:name") && !s.contains("Hit ratio"), "nothing ran:\n" + s);

            // the arrows choose among the matches: the second of the two sort commands reverses the order
            t.keys("C-p");
            t.awaitText("Command palette");
            t.type("sort");
            t.await("the two sort commands", x -> x.contains("Sort: next order") && x.contains("Sort: reverse")
                    && !x.contains("Live stats") && !x.contains("Filter keys"));
            t.keys("Down", "Enter");
            t.await("the order reversed, by name still", x -> x.contains(" flat  sort:name\u2193") && !x.contains("Command palette"));

            // a command that opens a screen
            t.keys("C-p");
            t.awaitText("Command palette");
            t.type("stats");
            t.keys("Enter");
            t.await("the stats screen", x -> x.contains("Stats  Total of 1 server") && x.contains("Hit ratio"));
            t.keys("q", "q");
            t.await("the program to end", x -> t.exited());
        }
    }

    @Test
    void theRawConsoleShowsRepliesRecallsHistoryAndMarksErrorReplies() {
        try (Tmux t = browser(memcached.address().toString())) {
            t.await("the key tree", x -> x.contains("6 keys"));
            t.keys(":");
            String prompt = memcached.address() + "> ";
            t.await("the console", x -> x.contains("Console  " + memcached.address()) && lastLine(x).startsWith(prompt));

            t.type("version");
            t.await("the typed command", x -> lastLine(x).startsWith(prompt + "version"));
            t.keys("Enter");
            t.await("the version reply", x -> x.contains("> version\nVERSION 1.6.18\n") && lastLine(x).equals(prompt + "\u2588"));

            t.type("stats slabs");
            t.keys("Enter");
            String s = t.await("the slab statistics", x -> x.contains("STAT active_slabs 1") && x.contains("STAT total_malloced"));
            assertTrue(s.lines().anyMatch(l -> l.equals("END")), s);

            // an error reply is shown as the server sent it, and marked as an error
            t.type("bogus command");
            t.keys("Enter");
            s = t.await("the error reply", x -> x.contains("> bogus command\nERROR\n") && x.contains("! the server refused"));

            // Up recalls earlier commands, newest first; Down walks back; Enter sends the recalled one
            t.keys("Up");
            t.await("the last command recalled", x -> lastLine(x).startsWith(prompt + "bogus command"));
            t.keys("Up");
            t.await("the one before", x -> lastLine(x).startsWith(prompt + "stats slabs"));
            t.keys("Up");
            t.await("the first", x -> lastLine(x).startsWith(prompt + "version"));
            t.keys("Down");
            t.await("forward again", x -> lastLine(x).startsWith(prompt + "stats slabs"));
            t.keys("Up", "Enter");
            t.await("the recalled command sent", x -> x.contains("(an error reply)\n> version\nVERSION 1.6.18\n"));

            // a line the console cannot send is refused with the reason, wrapped to be read whole
            t.type("set k 0 0 1");
            t.keys("Enter");
            t.await("the refusal", x -> x.contains("> set k 0 0 1\n! ") && x.contains("needs a data block")
                    && x.contains("meta()"));

            t.keys("Escape");
            t.await("the key list again", x -> x.contains("6 keys") && x.contains("^P cmds"));
            // the history outlives the console: opened again, Up recalls the last line
            t.keys(":");
            t.await("the console again", x -> x.contains("Console  ") && lastLine(x).equals(prompt + "\u2588"));
            t.keys("Up");
            t.await("the last line recalled", x -> lastLine(x).startsWith(prompt + "set k 0 0 1"));
            t.keys("Escape");
            t.await("the key list again", x -> x.contains("6 keys") && x.contains("^P cmds"));
            t.keys("q");
            t.await("the program to end", x -> t.exited());
        }
    }

    @Test
    void theCapabilitiesPanelShowsEachServersRealValuesAndEnablesAnOffCrawler() {
        try (MemcachedProcess off = MemcachedProcess.builder().arguments("-o", "no_lru_crawler").start();
             Tmux t = browser(memcached.address() + "," + off.address())) {
            Capabilities expected;
            try (MemcachedClient one = Clients.patient(memcached.address().toString())) {
                expected = Memcached.capabilityDetector(one).detectSingleServer();
            }
            // the key list cannot be made while one crawler is off: it says so and offers to enable it
            t.await("the offer to enable the crawler", x -> x.contains("LRU crawler is disabled on " + off.address()));
            t.keys("n");

            t.keys("i");
            // both rows drawn whole (8 words each) and the note under them: tmux may show the panel half drawn
            String s = t.await("both servers' capabilities", x -> x.contains("Capabilities")
                    && row(x, memcached.address().toString()) != null && row(x, off.address().toString()) != null
                    && words(row(x, memcached.address().toString())).size() >= 8
                    && words(row(x, off.address().toString())).size() >= 8
                    && x.contains("Press E to enable it"));
            assertTrue(Pattern.compile("SERVER +VERSION +CRAWLER +METADUMP +META +MGDUMP +ITEM MAX").matcher(s).find(), s);
            List<String> on = words(row(s, memcached.address().toString()));
            assertEquals(List.of(memcached.address().toString(), "1.6.18", "on", "yes", "yes", expected.mgdump() ? "yes" : "no",
                    "2.0", "MB"), on, "started with -I 2m:\n" + s);
            List<String> offRow = words(row(s, off.address().toString()));
            assertEquals(List.of(off.address().toString(), "1.6.18", "OFF", "no", "yes"), offRow.subList(0, 5), s);
            assertEquals(List.of("1.0", "MB"), offRow.subList(6, 8), "the default item size limit:\n" + s);
            assertTrue(s.contains("The LRU crawler is OFF on 1 server(s): their keys cannot be listed.")
                    && s.contains("Press E to enable it"), s);

            // E offers to enable it; y sends lru_crawler enable; r detects again
            t.keys("E");
            t.awaitText("Enable it now (lru_crawler enable)?");
            t.keys("y");
            t.awaitText("lru_crawler enable: " + off.address() + ": OK");
            t.keys("r");
            s = t.await("the crawler on", x -> row(x, off.address().toString()) != null
                    && words(row(x, off.address().toString())).size() > 2
                    && words(row(x, off.address().toString())).get(2).equals("on"));
            assertFalse(s.contains("is OFF"), s);

            // back on the list, the keys of both servers (the refresh enabling started)
            t.keys("q");
            t.await("the keys", x -> x.contains("\u25b8 user:  (5)") && x.contains("6 keys"));
            t.keys("q");
            t.await("the program to end", x -> t.exited());
        }
    }

    private static String lastLine(String screen) {
        List<String> lines = screen.lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).stripTrailing();
            }
        }
        return "";
    }

    private static String row(String screen, String server) {
        return screen.lines().filter(l -> l.strip().startsWith(server + " ")).findFirst().orElse(null);
    }

    private static List<String> words(String line) {
        return List.of(line.strip().split("\\s+"));
    }
}
