package io.memcached4j.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.cli.CliRunner;
import io.memcached4j.cli.CliRunner.Result;
import io.memcached4j.cli.ExitCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every scriptable command, run in process as a shell runs it, against one server: the embedded
 * fake ({@code CommandsTest}) and a real memcached 1.6.18 ({@code CommandsIT}) run the same session.
 * Each test works under a key namespace of its own.
 */
abstract class CommandsContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MemcachedClient client;
    private CliRunner cli;
    private String ns;

    /** @return the server the commands talk to, host:port */
    abstract String servers();

    @BeforeEach
    void connect(TestInfo test) {
        client = Memcached.connect(ClientConfig.builder().servers(servers()).transport("nio")
                .operationTimeout(Duration.ofSeconds(10)).build());
        cli = CliRunner.with("--servers", servers(), "--timeout", "10");
        ns = test.getTestMethod().orElseThrow().getName() + ":";
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private Result run(String... args) {
        return cli.run(args);
    }

    private static void assertOneLine(Result result) {
        assertTrue(result.stderr().endsWith("\n") && result.stderr().indexOf('\n') == result.stderr().length() - 1,
                () -> "one line on stderr: " + result);
        assertFalse(result.stderr().contains("\tat ") || result.stderr().contains(".java:"), () -> "no stack trace: " + result);
    }

    @Test
    void setFromAnArgumentThenGetPrintsTheExactBytes() {
        Result set = run("set", ns + "k", "héllo wörld");
        assertEquals(ExitCodes.OK, set.code(), set::toString);
        assertEquals("", set.stderr());
        Result get = run("get", ns + "k");
        assertEquals(ExitCodes.OK, get.code(), get::toString);
        assertArrayEquals("héllo wörld".getBytes(StandardCharsets.UTF_8), get.stdout(), "no line break added off a terminal");
        Result onTerminal = cli.terminals(false, true, false).run("get", ns + "k");
        assertEquals("héllo wörld\n", onTerminal.out());
    }

    @Test
    void setReadsBinaryBytesFromStdin() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        assertEquals(ExitCodes.OK, cli.stdin(bytes).run("set", ns + "bin").code());
        assertArrayEquals(bytes, client.get(ns + "bin").orElseThrow().value());
        assertArrayEquals(bytes, run("get", ns + "bin").stdout());
        assertEquals(ExitCodes.OK, cli.stdin("from dash").run("set", ns + "dash", "-").code());
        assertEquals("from dash", new String(client.get(ns + "dash").orElseThrow().value(), StandardCharsets.UTF_8));
    }

    @Test
    void setTakesTtlAndFlagsThatGetJsonShows() throws IOException {
        assertEquals(ExitCodes.OK, run("set", "--ttl", "100", "--flags", "4294967295", ns + "k", "v").code());
        Item item = client.get(ns + "k").orElseThrow();
        assertEquals(-1, item.flags());
        JsonNode json = JSON.readTree(run("get", "--json", ns + "k").out());
        assertEquals(ns + "k", json.get("key").asText());
        assertEquals(4294967295L, json.get("flags").asLong());
        long ttl = json.get("ttl").asLong();
        assertTrue(ttl > 90 && ttl <= 100, "ttl " + ttl);
        assertEquals("v", json.get("value").asText());
        client.set(ns + "b", new byte[] {(byte) 0xff, 0}, 0, 0);
        JsonNode binary = JSON.readTree(run("get", "--json", ns + "b").out());
        assertEquals("/wA=", binary.get("value_base64").asText());
        assertEquals(-1, binary.get("ttl").asLong());
    }

    @Test
    void aMissExitsWithOneAndSaysSoOnOneLine() {
        Result get = run("get", ns + "absent");
        assertEquals(ExitCodes.MISS, get.code());
        assertEquals(0, get.stdout().length);
        assertOneLine(get);
        assertTrue(get.stderr().contains("no such key: " + ns + "absent"), get::toString);
        assertEquals(ExitCodes.MISS, run("get", "--json", ns + "absent").code());
    }

    @Test
    void deleteAndTouch() throws IOException {
        client.set(ns + "a", new byte[] {1}, 0, 0);
        client.set(ns + "b", new byte[] {2}, 0, 0);
        assertEquals(ExitCodes.OK, run("delete", ns + "a").code());
        assertTrue(client.get(ns + "a").isEmpty());
        Result again = run("delete", ns + "a", ns + "b");
        assertEquals(ExitCodes.MISS, again.code());
        assertOneLine(again);
        assertTrue(client.get(ns + "b").isEmpty(), "the present key is deleted all the same");

        client.set(ns + "t", new byte[] {3}, 0, 0);
        assertEquals(ExitCodes.OK, run("touch", "--ttl", "50", ns + "t").code());
        long ttl = JSON.readTree(run("get", "--json", ns + "t").out()).get("ttl").asLong();
        assertTrue(ttl > 40 && ttl <= 50, "ttl " + ttl);
        assertEquals(ExitCodes.MISS, run("touch", "--ttl", "5", ns + "gone").code());
        assertEquals(ExitCodes.USAGE, run("touch", ns + "t").code(), "--ttl is required");
    }

    @Test
    void incrAndDecrPrintTheNewValue() {
        client.set(ns + "n", "10".getBytes(StandardCharsets.US_ASCII), 0, 0);
        assertEquals("11\n", run("incr", ns + "n").out());
        assertEquals("16\n", run("incr", ns + "n", "5").out());
        assertEquals("0\n", run("decr", ns + "n", "20").out());
        assertEquals("18446744073709551615\n", run("incr", ns + "n", "18446744073709551615").out());
        assertEquals(ExitCodes.MISS, run("incr", ns + "absent").code());
        assertEquals(ExitCodes.MISS, run("decr", ns + "absent").code());
        Result bad = run("incr", ns + "n", "-1");
        assertEquals(ExitCodes.USAGE, bad.code(), bad::toString);
        assertOneLine(bad);
        client.set(ns + "text", "abc".getBytes(StandardCharsets.US_ASCII), 0, 0);
        Result notANumber = run("incr", ns + "text");
        assertEquals(ExitCodes.SERVER_ERROR, notANumber.code(), notANumber::toString);
        assertOneLine(notANumber);
    }

    @Test
    void keysByPrefixPatternAndLimitInThreeFormats() throws IOException {
        for (String key : List.of("user:1:a", "user:2:a", "user:10:b", "session:x")) {
            client.set(ns + key, new byte[] {1, 2, 3}, 0, key.startsWith("session") ? 300 : 0);
        }
        Result all = run("keys", "--sort", ns);
        assertEquals(List.of(ns + "session:x", ns + "user:10:b", ns + "user:1:a", ns + "user:2:a"), all.lines());
        assertEquals(List.of(ns + "user:1:a", ns + "user:2:a"), run("keys", "--sort", ns, "-p", ns + "user:?:a").lines());
        assertEquals(List.of(ns + "user:10:b"), run("keys", ns, "--pattern", "*:b").lines());
        assertEquals(1, run("keys", ns + "user:", "--limit", "1").lines().size());
        assertEquals(1, run("keys", ns, "-p", "*user*", "-n", "1").lines().size());

        List<String> tsv = run("keys", "--sort", "--format", "tsv", ns).lines();
        String[] session = tsv.get(0).split("\t");
        assertEquals(7, session.length, tsv.get(0));
        assertEquals(ns + "session:x", session[0]);
        long ttl = Long.parseLong(session[2]);
        assertTrue(ttl > 290 && ttl <= 300, "ttl " + ttl);
        assertEquals(servers(), session[6]);
        assertEquals("-1", tsv.get(1).split("\t")[2]);

        List<String> json = run("keys", "--sort", "-f", "JSON", ns + "user:2").lines();
        assertEquals(1, json.size());
        JsonNode key = JSON.readTree(json.get(0));
        assertEquals(ns + "user:2:a", key.get("key").asText());
        assertEquals(0, key.get("exptime").asLong());
        assertTrue(key.get("size").asInt() > 3);

        Result none = run("keys", ns + "nothing:");
        assertEquals(ExitCodes.MISS, none.code());
        assertEquals("", none.out() + none.stderr());
        assertEquals(ExitCodes.USAGE, run("keys", "--format", "xml").code());
    }

    @Test
    void statsGroupsFormatsAndWatch() throws IOException {
        Result stats = run("stats");
        assertEquals(ExitCodes.OK, stats.code(), stats::toString);
        assertTrue(stats.lines().stream().anyMatch(l -> l.matches("curr_items +\\d+")), stats::toString);
        assertTrue(run("stats", "settings").lines().stream().anyMatch(l -> l.startsWith("item_size_max ")));
        List<String> tsv = run("stats", "-f", "tsv").lines();
        assertTrue(tsv.stream().allMatch(l -> l.startsWith(servers() + "\t")), tsv::toString);

        Result watch = run("stats", "--watch", "0.01", "--count", "3", "--format", "json");
        assertEquals(3, watch.lines().size(), watch::toString);
        for (String line : watch.lines()) {
            assertTrue(JSON.readTree(line).get(servers()).has("get_hits"));
        }
        client.get(ns + "x");
        Result text = run("stats", "--watch", "0.01", "--count", "2");
        assertEquals(2, text.lines().stream().filter(l -> l.startsWith("# ")).count(), text::toString);
        Result screen = cli.terminals(false, true, false).run("stats", "--watch", "0.01", "--count", "2");
        assertEquals(2, screen.out().split("\033\\[H\033\\[2J", -1).length - 1, "the screen is redrawn");
        assertEquals(ExitCodes.USAGE, run("stats", "bad group").code());
    }

    @Test
    void capsAsksTheServer() throws IOException {
        Result caps = run("caps");
        assertEquals(ExitCodes.OK, caps.code(), caps::toString);
        assertTrue(caps.out().contains("version          1.6.18"), caps::toString);
        assertTrue(caps.out().contains("hash-table walk  yes"), caps::toString);
        JsonNode json = JSON.readTree(run("caps", "--json").out());
        assertTrue(json.get("metadump").asBoolean());
        assertTrue(json.get("crawler").asBoolean());
        assertEquals(servers(), json.get("server").asText());
    }

    @Test
    void rawSendsLinesAndExitsThreeOnAnErrorReply() {
        assertEquals(List.of("VERSION 1.6.18"), run("raw", "version").lines());
        client.set(ns + "k", "v".getBytes(StandardCharsets.US_ASCII), 5, 0);
        assertEquals(List.of("VALUE " + ns + "k 5 1", "v", "END", "VERSION 1.6.18"),
                cli.stdin("get " + ns + "k\n\nversion\n").run("raw").lines());
        Result error = run("raw", "bogus");
        assertEquals(ExitCodes.SERVER_ERROR, error.code());
        assertEquals(List.of("ERROR"), error.lines());
        Result refused = run("raw", "set", ns + "k", "0", "0", "1");
        assertEquals(ExitCodes.USAGE, refused.code(), refused::toString);
        assertOneLine(refused);
        assertEquals(ExitCodes.USAGE, run("raw", "--server", "127.0.0.1:1", "version").code());
    }

    @Test
    void dumpThenLoadGivesTheSameDump() throws IOException {
        byte[] binary = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
        client.set(ns + "text", "plain ✓\n\"quoted\"".getBytes(StandardCharsets.UTF_8), 7, 0);
        client.set(ns + "binary", binary, 16, 0);
        client.set(ns + "ttl", "soon".getBytes(StandardCharsets.UTF_8), 0, 600);
        client.set(ns + "empty", new byte[0], 0, 0);
        Result dump = run("dump", ns);
        assertEquals(ExitCodes.OK, dump.code(), dump::toString);
        List<String> lines = dump.lines();
        assertEquals(4, lines.size(), dump::toString);
        assertEquals(ns + "binary", JSON.readTree(lines.get(0)).get("key").asText(), "sorted by key");
        assertEquals("iVBORwD/", JSON.readTree(lines.get(0)).get("value_base64").asText());
        assertEquals(16, JSON.readTree(lines.get(0)).get("flags").asInt());
        JsonNode ttl = JSON.readTree(lines.get(3));
        assertEquals(ns + "ttl", ttl.get("key").asText());
        long inSeconds = ttl.get("exptime").asLong() - System.currentTimeMillis() / 1000;
        assertTrue(inSeconds > 590 && inSeconds <= 601, "exptime is a Unix time: " + inSeconds);

        assertEquals(ExitCodes.OK, run("delete", ns + "text", ns + "binary", ns + "ttl", ns + "empty").code());
        Result load = cli.stdin(dump.stdout()).run("load");
        assertEquals(ExitCodes.OK, load.code(), load::toString);
        assertArrayEquals(binary, client.get(ns + "binary").orElseThrow().value());
        assertEquals(7, client.get(ns + "text").orElseThrow().flags());
        Result again = run("dump", ns);
        assertEquals(dump.out(), again.out());
    }

    @Test
    void loadStopsAtABadLineNamingIt() {
        String input = "{\"key\":\"" + ns + "ok\",\"value\":\"1\"}\n"
                + "{\"key\":\"" + ns + "ttl\",\"ttl\":100,\"value_base64\":\"AAE=\"}\n"
                + "{\"key\":\"" + ns + "past\",\"exptime\":1700000000,\"value\":\"gone\"}\n"
                + "{\"key\":\"has space\",\"value\":\"x\"}\n";
        Result load = cli.stdin(input).run("load", "-");
        assertEquals(ExitCodes.USAGE, load.code(), load::toString);
        assertOneLine(load);
        assertTrue(load.stderr().contains("line 4:"), load::toString);
        assertArrayEquals(new byte[] {0, 1}, client.get(ns + "ttl").orElseThrow().value());
        assertTrue(client.get(ns + "ok").isPresent());
        assertTrue(client.get(ns + "past").isEmpty(), "an expiration in the past is skipped");
        assertEquals(ExitCodes.USAGE, cli.stdin("{\"key\":\"k\",\"exptime\":60,\"value\":\"x\"}\n").run("load").code(),
                "a small exptime would be read as relative by memcached: refused");
        assertEquals(ExitCodes.USAGE, cli.stdin("not json\n").run("load").code());
    }

    @Test
    void flushAsksFirstAndRefusesWithoutATerminal() {
        client.set(ns + "k", new byte[] {1}, 0, 0);
        Result refused = cli.terminals(false, false, false).run("flush");
        assertEquals(ExitCodes.USAGE, refused.code());
        assertOneLine(refused);
        assertTrue(refused.stderr().contains("--yes"), refused::toString);
        assertTrue(client.get(ns + "k").isPresent(), "nothing flushed");
        Result no = cli.terminals(true, true, true).stdin("n\n").run("flush");
        assertEquals(ExitCodes.USAGE, no.code());
        assertTrue(no.stderr().startsWith("Invalidate every item on " + servers()), no::toString);
        assertTrue(client.get(ns + "k").isPresent(), "nothing flushed");
        assertEquals(ExitCodes.OK, cli.terminals(true, true, true).stdin("y\n").run("flush").code());
        assertTrue(client.get(ns + "k").isEmpty());
        client.set(ns + "k2", new byte[] {1}, 0, 0);
        assertEquals(ExitCodes.OK, cli.terminals(false, false, false).stdin("").run("flush", "--yes").code());
        assertTrue(client.get(ns + "k2").isEmpty());
    }

    @Test
    void usageErrorsExitTwoOnOneLine() {
        for (String[] args : List.of(new String[] {"get"}, new String[] {"get", "--bogus", "k"},
                new String[] {"nosuchcommand"}, new String[] {"get", "bad key"}, new String[] {"set", "k", "v", "--ttl", "x"},
                new String[] {"set", "k", "v", "--flags", "4294967296"})) {
            Result result = run(args);
            assertEquals(ExitCodes.USAGE, result.code(), () -> List.of(args) + ": " + result);
            assertOneLine(result);
            assertTrue(result.stderr().startsWith("memcached4j"), result::toString);
        }
    }

    @Test
    void targetOptionsWorkAfterTheCommandToo() {
        client.set(ns + "k", "after".getBytes(StandardCharsets.UTF_8), 0, 0);
        Result get = CliRunner.with().run("get", ns + "k", "--servers", servers(), "--timeout", "10");
        assertEquals("after", get.out(), get::toString);
    }

    @Test
    void anUnreachableServerExitsThree() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Result result = CliRunner.with("--servers", "127.0.0.1:" + port, "--timeout", "0.5").run("get", "k");
        assertEquals(ExitCodes.SERVER_ERROR, result.code(), result::toString);
        assertOneLine(result);
        assertTrue(result.stderr().contains("cannot reach memcached at 127.0.0.1:" + port + " (from --servers)"),
                result::toString);
    }
}
