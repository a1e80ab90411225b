package io.memcached4j.cli;

import io.memcached4j.cli.CliRunner.Result;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelpAndCompletionTest {
    private static final Set<String> COMMANDS = Set.of("browse", "keys", "get", "set", "delete", "touch", "incr",
            "decr", "stats", "caps", "raw", "dump", "load", "flush", "completion", "help");

    @Test
    void everyCommandHasHelp() {
        CommandLine root = Main.commandLine(new Io(System.in, System.out, System.err, false, false, false));
        assertEquals(COMMANDS, root.getSubcommands().keySet());
        Result top = CliRunner.with().run("--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("Exit codes: 0 ok, 1 miss"), top::toString);
        for (String command : COMMANDS) {
            if (command.equals("help")) {
                continue;
            }
            Result help = CliRunner.with().run(command, "--help");
            assertEquals(0, help.code(), command);
            assertTrue(help.out().startsWith("Usage: memcached4j " + command), help::toString);
            assertEquals("", help.stderr());
        }
        assertTrue(CliRunner.with().run("help", "dump").out().startsWith("Usage: memcached4j dump"));
    }

    @Test
    void completionPrintsABashScriptThatKnowsTheCommands() {
        Result completion = CliRunner.with().run("completion");
        assertEquals(0, completion.code());
        String script = completion.out();
        assertTrue(script.contains("complete -F _complete_memcached4j"), script.substring(0, 300));
        for (String command : List.of("keys", "dump", "flush")) {
            assertTrue(script.contains(command), command);
        }
        assertTrue(script.contains("--servers"));
    }

    @Test
    void theDemoNoticeSaysItIsAFakeAndHowToPointAtARealServer() {
        assertTrue(io.memcached4j.cli.target.Target.DEMO_NOTICE.contains("fake"));
        assertTrue(io.memcached4j.cli.target.Target.DEMO_NOTICE.contains("--servers host:port"));
        assertTrue(io.memcached4j.cli.target.Target.DEMO_NOTICE.contains("MEMCACHED4J_SERVERS"));
    }
}
