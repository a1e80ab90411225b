package io.memcached4j.cli.browser;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.screen.Screen;
import io.memcached4j.cli.format.Span;
import io.memcached4j.cli.format.StyledLine;

/** Draws themed text on the screen's back buffer, clipped to the screen. */
final class Canvas {
    private final Screen screen;
    final Theme theme;
    final int width;
    final int height;

    Canvas(Screen screen, Theme theme, TerminalSize size) {
        this.screen = screen;
        this.theme = theme;
        this.width = size.getColumns();
        this.height = size.getRows();
    }

    /** Writes text from column x, at most {@code max} columns; returns the column after it. */
    int text(int x, int y, String s, Role role, int max) {
        if (y < 0 || y >= height) {
            return x;
        }
        Theme.Look look = theme.look(role);
        int limit = Math.min(width, x + Math.max(0, max));
        int col = x;
        for (int i = 0; i < s.length() && col < limit; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) || Character.isLowSurrogate(c) || c < 0x20) {
                c = '?';
            }
            // a CJK character takes two columns: drawn whole or not at all
            int columns = TerminalTextUtils.isCharDoubleWidth(c) ? 2 : 1;
            if (col + columns > limit) {
                break;
            }
            if (col >= 0) {
                screen.setCharacter(col, y, TextCharacter.fromCharacter(c, look.fg(), look.bg(),
                        look.sgr().toArray(new SGR[0]))[0]);
            }
            col += columns;
        }
        return col;
    }

    int text(int x, int y, String s, Role role) {
        return text(x, y, s, role, width - x);
    }

    /** Fills a row with blanks in the role's colours. */
    void fill(int y, Role role) {
        fill(0, y, width, role);
    }

    void fill(int x, int y, int w, Role role) {
        text(x, y, " ".repeat(Math.max(0, Math.min(w, width - x))), role, w);
    }

    /** Writes a styled line from column x, clipped to {@code max} columns, after skipping {@code skip} columns. */
    void line(int x, int y, StyledLine line, int skip, int max) {
        int col = x;
        int toSkip = skip;
        for (Span span : line.spans()) {
            String t = span.text();
            if (toSkip >= t.length()) {
                toSkip -= t.length();
                continue;
            }
            t = t.substring(toSkip);
            toSkip = 0;
            col = text(col, y, t, role(span), x + max - col);
        }
    }

    static Role role(Span span) {
        return switch (span.style()) {
            case KEY -> Role.KEY;
            case STRING -> Role.STRING;
            case NUMBER -> Role.NUMBER;
            case LITERAL -> Role.LITERAL;
            case PUNCTUATION -> Role.PUNCTUATION;
            case OFFSET -> Role.OFFSET;
            case DIM -> Role.DIM;
            case PLAIN -> Role.NORMAL;
        };
    }

    /** Pads or cuts to exactly {@code w} columns (cut with an ellipsis); CJK characters count two columns. */
    static String fit(String s, int w) {
        if (w <= 0) {
            return "";
        }
        int columns = TerminalTextUtils.getColumnWidth(s);
        if (columns > w) {
            return w == 1 ? cut(s, 1) : cut(s, w - 1) + "\u2026";
        }
        return s + " ".repeat(w - columns);
    }

    /** Right-aligns in {@code w} columns. */
    static String right(String s, int w) {
        int columns = TerminalTextUtils.getColumnWidth(s);
        if (columns >= w) {
            return cut(s, Math.max(0, w));
        }
        return " ".repeat(w - columns) + s;
    }

    /** @return the start of {@code s} that fills exactly {@code w} columns (a space where half a CJK character would go) */
    private static String cut(String s, int w) {
        StringBuilder sb = new StringBuilder();
        int columns = 0;
        for (int i = 0; i < s.length(); i++) {
            int next = TerminalTextUtils.isCharDoubleWidth(s.charAt(i)) ? 2 : 1;
            if (columns + next > w) {
                break;
            }
            sb.append(s.charAt(i));
            columns += next;
        }
        return sb.append(" ".repeat(w - columns)).toString();
    }
}
