package io.memcached4j.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memcached4j.cli.CliRunner;
import io.memcached4j.cli.CliRunner.Result;
import io.memcached4j.cli.ExitCodes;
import io.memcached4j.cli.TargetOptions;
import io.memcached4j.cli.target.Target;
import io.memcached4j.testkit.FakeMemcached;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands on the embedded demo fake and the embedded empty fake. */
class DemoCommandsTest {

    @Test
    void everyDemoKeyIsListedAndReadable() throws IOException {
        Result keys = CliRunner.with("--demo", "--timeout", "10").run("keys");
        assertEquals(ExitCodes.OK, keys.code(), keys::toString);
        assertEquals(DemoData.items().size(), keys.lines().size());
        Result profile = CliRunner.with("--demo", "--timeout", "10").run("get", "user:1:profile");
        assertEquals(1, new ObjectMapper().readTree(profile.stdout()).get("id").asInt());
        Result large = CliRunner.with("--demo", "--timeout", "10").run("get", DemoData.LARGE_KEY);
        assertEquals(DemoData.LARGE_SIZE, large.stdout().length);
    }

    @Test
    void theDemoSaysItIsAFakeOnATerminalOnly() {
        Result onTerminal = CliRunner.with("--timeout", "10").terminals(false, true, true).run("--demo", "get", "motd");
        assertTrue(onTerminal.stderr().contains(Target.DEMO_NOTICE), onTerminal::toString);
        Result piped = CliRunner.with("--timeout", "10").run("--demo", "get", "motd");
        assertEquals("", piped.stderr());
        TargetOptions demo = new TargetOptions();
        demo.demo = true;
        assertEquals(Target.DEMO_NOTICE, Target.noticeFor(demo).orElseThrow());
        TargetOptions servers = new TargetOptions();
        servers.servers = "127.0.0.1:1";
        assertFalse(Target.noticeFor(servers).isPresent());
    }

    @Test
    void theEmptyFakeHasNoKeys() {
        Result keys = CliRunner.with("--empty", "--timeout", "10").run("keys");
        assertEquals(ExitCodes.MISS, keys.code(), keys::toString);
        try (Target target = Target.open(options("--empty"))) {
            assertTrue(target.isEmbedded());
            assertFalse(target.isDemo());
            assertTrue(target.description().startsWith("the embedded empty fake at 127.0.0.1:"));
        }
    }

    @Test
    void aDumpOfTheDemoLoadedIntoAnotherServerDumpsTheSame() {
        try (FakeMemcached other = FakeMemcached.start()) {
            assertTheDemoDumpSurvives(other.address().toString());
            assertEquals(DemoData.items().size(), other.itemCount());
        }
    }

    /** Dumps the demo, loads the dump into the server, dumps the server: the two dumps are the same bytes. */
    static void assertTheDemoDumpSurvives(String servers) {
        Result dump = CliRunner.with("--demo", "--timeout", "10").run("dump");
        assertEquals(ExitCodes.OK, dump.code(), dump::toString);
        assertEquals(DemoData.items().size(), dump.lines().size());
        CliRunner there = CliRunner.with("--servers", servers, "--timeout", "10");
        Result load = there.stdin(dump.stdout()).run("load");
        assertEquals(ExitCodes.OK, load.code(), load::toString);
        assertEquals(DemoData.items().size(), there.run("keys").lines().size(), "the hash walk lists every key");
        Result again = there.run("dump");
        assertEquals(ExitCodes.OK, again.code(), again::toString);
        assertArrayEquals(dump.stdout(), again.stdout());
    }

    private static TargetOptions options(String... args) {
        TargetOptions options = new TargetOptions();
        new picocli.CommandLine(options).parseArgs(args);
        return options;
    }
}
