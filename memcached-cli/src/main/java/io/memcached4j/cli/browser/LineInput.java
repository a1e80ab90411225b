package io.memcached4j.cli.browser;

import com.googlecode.lanterna.input.KeyStroke;

/** A one-line text field: printable characters, Backspace, Ctrl+U to clear. */
final class LineInput {
    private final StringBuilder text;

    LineInput(String initial) {
        text = new StringBuilder(initial);
    }

    String text() {
        return text.toString();
    }

    void set(String s) {
        text.setLength(0);
        text.append(s);
    }

    /** @return whether the stroke edited the text */
    boolean key(KeyStroke k) {
        switch (k.getKeyType()) {
            case Character -> {
                if (Keys.isCtrl(k, 'u')) {
                    text.setLength(0);
                    return true;
                }
                if (k.isCtrlDown() || k.isAltDown()) {
                    return false;
                }
                text.append(k.getCharacter());
                return true;
            }
            case Backspace -> {
                if (text.length() > 0) {
                    text.setLength(text.length() - 1);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Draws the text with a block cursor, scrolled so the end shows. */
    void draw(Canvas c, int x, int y, int w) {
        String t = text.toString();
        if (t.length() >= w) {
            t = t.substring(t.length() - w + 1);
        }
        int end = c.text(x, y, t, Role.NORMAL, w);
        c.text(end, y, "\u2588", Role.ACCENT, 1);
    }
}
