package io.memcached4j.cli.browser;

import com.googlecode.lanterna.input.KeyStroke;

import java.util.List;

/** A yes/no question over the current page; only {@code y} says yes. */
final class ConfirmPage implements Page {
    private final Browser b;
    private final String title;
    private final List<String> lines;
    private final Runnable yes;

    ConfirmPage(Browser b, String title, List<String> lines, Runnable yes) {
        this.b = b;
        this.title = title;
        this.lines = lines;
        this.yes = yes;
    }

    /** Asks before deleting a key; on yes deletes it in the background, then runs {@code after}. */
    static ConfirmPage delete(Browser b, String key, Runnable after) {
        return new ConfirmPage(b, "Delete", List.of("Delete key " + key + " ?", "", "y delete   n / esc keep it"), () ->
                b.async(() -> b.client.delete(key), found -> {
                    b.status(found ? "Deleted " + key : key + " was already gone", found ? Role.ACCENT : Role.WARN);
                    after.run();
                }, b.showError("Delete")));
    }

    @Override
    public boolean overlay() {
        return true;
    }

    @Override
    public void draw(Canvas c) {
        Box.draw(c, title, lines, Role.WARN);
    }

    @Override
    public void key(KeyStroke k) {
        if (Keys.is(k, 'y') || Keys.is(k, 'Y')) {
            b.pop();
            yes.run();
        } else if (Keys.isBack(k) || Keys.is(k, 'n') || Keys.is(k, 'N')) {
            b.pop();
            b.status("Nothing changed", Role.DIM);
        }
    }
}
