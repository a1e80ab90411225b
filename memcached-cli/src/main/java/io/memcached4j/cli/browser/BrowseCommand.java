package io.memcached4j.cli.browser;

import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import io.memcached4j.cli.TargetOptions;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The full-screen key browser. */
@Command(name = "browse", mixinStandardHelpOptions = true, description = "Browse the keys of a memcached in a full-screen terminal UI (the default).")
public final class BrowseCommand implements Runnable {

    @Mixin
    TargetOptions target = new TargetOptions();

    @Mixin
    BrowserOptions browser = new BrowserOptions();

    /** @return the browser options this command was given */
    public BrowserOptions options() {
        return browser;
    }

    @Override
    public void run() {
        run(target, browser);
    }

    /**
     * Runs the browser until the person quits.
     *
     * @param options the target to open
     * @param browserOptions the theme, delimiters and first view
     */
    public static void run(TargetOptions options, BrowserOptions browserOptions) {
        try (Target t = Target.open(options)) {
            Terminal terminal = new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                    .setForceTextTerminal(true).createTerminal();
            Screen screen = new TerminalScreen(terminal);
            screen.startScreen();
            TerminalModes.allowCtrlS();
            try {
                Theme theme = Theme.choose(browserOptions.theme().name(), System.getenv());
                new Browser(t.client(), Browser.notice(t.isDemo(), t.isEmbedded()), screen, System.out, theme, browserOptions.initialQuery()).run();
            } finally {
                screen.stopScreen();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the terminal failed: " + e.getMessage(), e);
        }
    }
}
