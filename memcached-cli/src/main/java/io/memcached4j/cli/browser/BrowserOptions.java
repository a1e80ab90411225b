package io.memcached4j.cli.browser;

import picocli.CommandLine.Option;

import java.util.Set;

/**
 * The browser's options ({@code --theme}, {@code --delimiters}, {@code --flat}), one picocli mixin that
 * both {@code memcached4j} (no subcommand) and {@code memcached4j browse} take.
 */
public final class BrowserOptions {

    /** The colour themes a person can ask for; {@code NO_COLOR} overrides either. */
    public enum ThemeName { DARK, LIGHT }

    @Option(names = "--theme", paramLabel = "dark|light",
            description = "Colour theme (default: dark; T switches it; NO_COLOR turns colour off).")
    ThemeName theme = ThemeName.DARK;

    @Option(names = "--delimiters", paramLabel = "chars",
            description = "Characters the key tree splits on (default: ${DEFAULT-VALUE}).")
    String delimiters = ":/.";

    @Option(names = "--flat", description = "Start with the flat key list instead of the tree.")
    boolean flat;

    /** @return the theme asked for */
    public ThemeName theme() {
        return theme;
    }

    /** @return the characters the key tree splits on */
    public String delimiters() {
        return delimiters;
    }

    /** @return whether the browser starts with the flat list */
    public boolean flat() {
        return flat;
    }

    /** @return the first view: sorted by name, as a tree unless {@code --flat} */
    ViewQuery initialQuery() {
        return new ViewQuery("", SortOrder.NAME, false, !flat, delimiters, Set.of(), -1);
    }
}
