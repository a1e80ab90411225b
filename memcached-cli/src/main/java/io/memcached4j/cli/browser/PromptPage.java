package io.memcached4j.cli.browser;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

import java.util.List;
import java.util.function.Consumer;

/** Asks for one line of text over the current page; Enter accepts, Esc cancels. */
final class PromptPage implements Page {
    private final Browser b;
    private final String label;
    private final LineInput input;
    private final Consumer<String> accept;

    PromptPage(Browser b, String label, String initial, Consumer<String> accept) {
        this.b = b;
        this.label = label;
        this.input = new LineInput(initial);
        this.accept = accept;
    }

    @Override
    public boolean overlay() {
        return true;
    }

    @Override
    public void draw(Canvas c) {
        int w = Math.min(c.width - 2, 70);
        int end = Box.draw(c, label.strip(), List.of(" ".repeat(w - 4), "", "enter ok   esc cancel"), Role.ACCENT);
        int x = Math.max(0, (c.width - w) / 2) + 2;
        input.draw(c, x, end - 4, w - 4);
    }

    @Override
    public void key(KeyStroke k) {
        if (k.getKeyType() == KeyType.Escape) {
            b.pop();
        } else if (k.getKeyType() == KeyType.Enter) {
            b.pop();
            accept.accept(input.text());
        } else {
            input.key(k);
        }
    }
}
