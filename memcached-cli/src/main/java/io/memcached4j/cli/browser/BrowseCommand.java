package io.memcached4j.cli.browser;

import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import io.memcached4j.cli.TargetOptions;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** The full-screen key browser. */
@Command(name = "browse", mixinStandardHelpOptions = true, description = "Browse the keys of a memcached in a full-screen terminal UI (the default).")
public final class BrowseCommand implements Runnable {

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--theme", paramLabel = "dark|light", description = "Colour theme (default: dark; NO_COLOR turns colour off).")
    String theme = "dark";

    @Option(names = "--delimiters", paramLabel = "chars", description = "Characters the key tree splits on (default: ${DEFAULT-VALUE}).")
    String delimiters = ":/.";

    @Option(names = "--flat", description = "Start with the flat key list instead of the tree.")
    boolean flat;

    @Override
    public void run() {
        run(target);
    }

    /** Runs the browser on the target the options name. */
    public void run(TargetOptions options) {
        TerminalModes.quietJavaLogging();
        try (Target t = Target.open(options)) {
            Terminal terminal = new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                    .setForceTextTerminal(true).createTerminal();
            Screen screen = new TerminalScreen(terminal);
            screen.startScreen();
            TerminalModes.allowCtrlS();
            try {
                ViewQuery q = new ViewQuery("", SortOrder.NAME, false, !flat, delimiters, Set.of(), -1);
                new Browser(t.client(), t.isDemo(), screen, System.out, Theme.choose(theme, System.getenv()), q).run();
            } finally {
                screen.stopScreen();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the terminal failed: " + e.getMessage(), e);
        }
    }
}
