package io.memcached4j.cli;

import io.memcached4j.cli.browser.BrowseCommand;
import io.memcached4j.cli.browser.BrowserOptions;
import io.memcached4j.cli.browser.BrowserOptions.ThemeName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The browser's options are taken the same at top level ({@code memcached4j --flat}) and by {@code browse}. */
class BrowserOptionsTest {

    private static CommandLine commandLine() {
        return Main.commandLine(new Io(System.in, System.out, System.err, false, false, false));
    }

    @Test
    void atTopLevel() {
        CommandLine cl = commandLine();
        ParseResult parsed = cl.parseArgs("--flat", "--theme", "light", "--delimiters", ":", "--demo");
        assertFalse(parsed.hasSubcommand(), "no subcommand: the browser");
        BrowserOptions options = ((Main) cl.getCommand()).browser;
        assertTrue(options.flat());
        assertEquals(ThemeName.LIGHT, options.theme());
        assertEquals(":", options.delimiters());
    }

    @Test
    void afterBrowse() {
        CommandLine cl = commandLine();
        ParseResult parsed = cl.parseArgs("browse", "--theme", "LIGHT", "--flat", "--delimiters", "/");
        List<CommandLine> commands = parsed.asCommandLineList();
        assertEquals("browse", commands.get(1).getCommandName());
        BrowseCommand browse = commands.get(1).getCommand();
        BrowserOptions options = browse.options();
        assertTrue(options.flat());
        assertEquals(ThemeName.LIGHT, options.theme());
        assertEquals("/", options.delimiters());
    }

    @Test
    void defaultsAreTheDarkTreeSplitOnColonSlashAndDot() {
        CommandLine cl = commandLine();
        cl.parseArgs();
        BrowserOptions options = ((Main) cl.getCommand()).browser;
        assertFalse(options.flat());
        assertEquals(ThemeName.DARK, options.theme());
        assertEquals(":/.", options.delimiters());
    }

    @Test
    void anUnknownThemeIsAUsageError() {
        CliRunner.Result r = CliRunner.with().run("--theme", "purple");
        assertEquals(2, r.code());
        assertTrue(r.stderr().startsWith("memcached4j: Invalid value for option '--theme'"), r::toString);
        assertEquals(1, r.stderr().lines().count(), r::toString);
    }

    @Test
    void topLevelHelpListsTheBrowserOptions() {
        String help = CliRunner.with().run("--help").out();
        assertTrue(help.contains("--flat") && help.contains("--theme=dark|light") && help.contains("--delimiters=chars"), help);
    }
}
