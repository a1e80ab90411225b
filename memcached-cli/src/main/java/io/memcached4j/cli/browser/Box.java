package io.memcached4j.cli.browser;

import java.util.List;

/** Draws a framed box in the middle of the screen, for dialogs. */
final class Box {
    private Box() {
    }

    /** Draws the box with a title and lines; returns the row after the last line. */
    static int draw(Canvas c, String title, List<String> lines, Role role) {
        int w = Math.min(c.width - 2, Math.max(title.length() + 4, lines.stream().mapToInt(String::length).max().orElse(0) + 4));
        int h = lines.size() + 2;
        int x = Math.max(0, (c.width - w) / 2);
        int y = Math.max(0, (c.height - h) / 2);
        String head = "\u2500 " + title + " ";
        c.text(x, y, "\u250c" + head + "\u2500".repeat(Math.max(0, w - 2 - head.length())) + "\u2510", role, w);
        for (int i = 0; i < lines.size(); i++) {
            c.text(x, y + 1 + i, "\u2502 " + Canvas.fit(lines.get(i), w - 4) + " \u2502", role);
        }
        c.text(x, y + h - 1, "\u2514" + "\u2500".repeat(w - 2) + "\u2518", role);
        return y + h;
    }
}
