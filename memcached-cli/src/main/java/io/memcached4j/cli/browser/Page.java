package io.memcached4j.cli.browser;

import com.googlecode.lanterna.input.KeyStroke;

/** One screen of the browser: it draws itself and handles the keys typed while it is on top. */
interface Page {
    void draw(Canvas c);

    void key(KeyStroke k);

    /** Called about four times a second on the UI thread, for pages that refresh themselves. */
    default void tick() {
    }

    /** @return whether the page is a box drawn over the page under it */
    default boolean overlay() {
        return false;
    }

    /** Called when the page leaves the stack. */
    default void closed() {
    }
}
