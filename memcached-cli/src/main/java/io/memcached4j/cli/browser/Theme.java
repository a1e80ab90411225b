package io.memcached4j.cli.browser;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.TextColor.ANSI;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Colours for each {@link Role}: a dark and a light theme, and a monochrome one for {@code NO_COLOR}. */
enum Theme {
    DARK, LIGHT, MONO;

    record Look(TextColor fg, TextColor bg, Set<SGR> sgr) {
    }

    private final Map<Role, Look> looks = new EnumMap<>(Role.class);

    static {
        for (Theme t : values()) {
            t.define();
        }
    }

    /** @return MONO when {@code NO_COLOR} is set and not empty, else the theme asked for */
    static Theme choose(String requested, Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return MONO;
        }
        return "light".equalsIgnoreCase(requested) ? LIGHT : DARK;
    }

    Theme next() {
        return this == MONO ? MONO : this == DARK ? LIGHT : DARK;
    }

    Look look(Role role) {
        return looks.get(role);
    }

    private void define() {
        ANSI d = ANSI.DEFAULT;
        Set<SGR> none = EnumSet.noneOf(SGR.class);
        for (Role r : Role.values()) {
            looks.put(r, new Look(d, d, none));
        }
        if (this == MONO) {
            looks.put(Role.TITLE, new Look(d, d, EnumSet.of(SGR.REVERSE)));
            looks.put(Role.SELECTED, new Look(d, d, EnumSet.of(SGR.REVERSE)));
            looks.put(Role.DEMO, new Look(d, d, EnumSet.of(SGR.BOLD)));
            looks.put(Role.MATCH, new Look(d, d, EnumSet.of(SGR.UNDERLINE)));
            looks.put(Role.ERROR, new Look(d, d, EnumSet.of(SGR.BOLD)));
            looks.put(Role.WARN, new Look(d, d, EnumSet.of(SGR.BOLD)));
            looks.put(Role.ACCENT, new Look(d, d, EnumSet.of(SGR.BOLD)));
            looks.put(Role.GROUP, new Look(d, d, EnumSet.of(SGR.BOLD)));
            return;
        }
        boolean dark = this == DARK;
        looks.put(Role.TITLE, new Look(dark ? ANSI.BLACK : ANSI.WHITE, dark ? ANSI.CYAN : ANSI.BLUE, none));
        looks.put(Role.SELECTED, new Look(dark ? ANSI.BLACK : ANSI.WHITE, dark ? ANSI.WHITE : ANSI.BLUE, none));
        looks.put(Role.DIM, new Look(dark ? ANSI.WHITE : ANSI.BLACK_BRIGHT, d, none));
        looks.put(Role.ACCENT, new Look(dark ? ANSI.CYAN_BRIGHT : ANSI.BLUE, d, EnumSet.of(SGR.BOLD)));
        looks.put(Role.WARN, new Look(dark ? ANSI.YELLOW_BRIGHT : ANSI.MAGENTA, d, EnumSet.of(SGR.BOLD)));
        looks.put(Role.ERROR, new Look(dark ? ANSI.RED_BRIGHT : ANSI.RED, d, EnumSet.of(SGR.BOLD)));
        looks.put(Role.GROUP, new Look(dark ? ANSI.BLUE_BRIGHT : ANSI.BLUE, d, EnumSet.of(SGR.BOLD)));
        looks.put(Role.MATCH, new Look(dark ? ANSI.YELLOW_BRIGHT : ANSI.RED, d, EnumSet.of(SGR.UNDERLINE)));
        looks.put(Role.DEMO, new Look(ANSI.BLACK, ANSI.YELLOW, none));
        looks.put(Role.KEY, new Look(dark ? ANSI.CYAN_BRIGHT : ANSI.BLUE, d, none));
        looks.put(Role.STRING, new Look(dark ? ANSI.GREEN_BRIGHT : ANSI.GREEN, d, none));
        looks.put(Role.NUMBER, new Look(dark ? ANSI.MAGENTA_BRIGHT : ANSI.MAGENTA, d, none));
        looks.put(Role.LITERAL, new Look(dark ? ANSI.YELLOW_BRIGHT : ANSI.RED, d, none));
        looks.put(Role.PUNCTUATION, new Look(dark ? ANSI.WHITE : ANSI.BLACK_BRIGHT, d, none));
        looks.put(Role.OFFSET, new Look(dark ? ANSI.BLUE_BRIGHT : ANSI.BLUE, d, none));
    }
}
