package io.memcached4j.cli.browser;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

import java.util.List;

/** The keys of every page. */
final class HelpPage implements Page {
    static final List<String> TEXT = List.of(
            "KEY LIST",
            "  j k / \u2193 \u2191     move           g G / Home End   first, last",
            "  ^D ^U PgDn PgUp page         enter l \u2192       open value / expand group",
            "  h \u2190            collapse       space          expand or collapse",
            "  /              fuzzy filter   esc            clear the filter",
            "  t              tree / flat    D              tree delimiters (default : / .)",
            "  o  O           sort by name, size, TTL, last access; reverse",
            "  S              show one server or all      r   reload the key list",
            "  n  e  d        new, edit, delete (asks)     y   copy value (OSC 52)",
            "  s              live stats     i              capabilities",
            "  :              raw console    ^P             command palette",
            "  T              dark / light theme (NO_COLOR set: no colour)   q  quit",
            "VALUE",
            "  m  view: auto, text, json, hex, raw   j k h l scroll   e d y r   q back",
            "EDITOR",
            "  ^S save (compare-and-swap)   ^T TTL   ^F flags   esc discard",
            "  A conflict shows both versions: r reload theirs, o overwrite with yours",
            "STATS, CAPABILITIES, CONSOLE",
            "  tab \u2190 \u2192 server or total   j k slab classes   p pause   q back",
            "  i  capabilities: E enable the LRU crawler, r detect again",
            "  :  console: enter send, \u2191 \u2193 history, tab next server, esc back");
    private final Browser b;
    private int top;

    HelpPage(Browser b) {
        this.b = b;
    }

    @Override
    public void draw(Canvas c) {
        c.fill(0, Role.TITLE);
        c.text(1, 0, "Help", Role.TITLE);
        int rows = c.height - 2;
        top = Math.max(0, Math.min(top, TEXT.size() - rows));
        for (int i = top, y = 1; i < Math.min(TEXT.size(), top + rows); i++, y++) {
            String l = TEXT.get(i);
            c.text(0, y, l, l.startsWith(" ") ? Role.NORMAL : Role.ACCENT);
        }
        c.text(0, c.height - 1, "j k scroll   q back", Role.DIM);
    }

    @Override
    public void key(KeyStroke k) {
        if (Keys.isBack(k) || Keys.is(k, '?')) {
            b.pop();
        } else if (k.getKeyType() == KeyType.ArrowDown || Keys.is(k, 'j')) {
            top++;
        } else if (k.getKeyType() == KeyType.ArrowUp || Keys.is(k, 'k')) {
            top = Math.max(0, top - 1);
        }
    }
}
