package io.memcached4j.cli.browser;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

import java.util.ArrayList;
import java.util.List;

/** The command palette (Ctrl+P): every command by name, narrowed by a fuzzy filter. */
final class PalettePage implements Page {
    record Command(String name, String keys, Runnable action) {
    }

    private final Browser b;
    private final List<Command> commands = new ArrayList<>();
    private final LineInput input = new LineInput("");
    private int selected;

    PalettePage(Browser b, KeyListPage list) {
        this.b = b;
        if (list != null) {
            add("Filter keys", "/", () -> list.key(KeyStroke.fromString("/")));
            add("Toggle tree / flat list", "t", () -> list.key(KeyStroke.fromString("t")));
            add("Sort: next order", "o", () -> list.key(KeyStroke.fromString("o")));
            add("Sort: reverse", "O", () -> list.key(KeyStroke.fromString("O")));
            add("Show one server / all servers", "S", list::nextServer);
            add("Tree delimiters", "D", () -> list.key(KeyStroke.fromString("D")));
            add("New key", "n", () -> list.key(KeyStroke.fromString("n")));
            add("Edit selected key", "e", () -> list.key(KeyStroke.fromString("e")));
            add("Delete selected key", "d", () -> list.key(KeyStroke.fromString("d")));
            add("Copy selected value", "y", () -> list.key(KeyStroke.fromString("y")));
        }
        add("Reload the key list", "r", b::refresh);
        add("Live stats", "s", () -> b.push(new StatsPage(b)));
        add("Capabilities", "i", () -> b.push(new CapsPage(b)));
        add("Raw command console", ":", () -> b.push(new ConsolePage(b)));
        add("Switch theme (dark / light)", "T", () -> b.theme = b.theme.next());
        add("Help", "?", () -> b.push(new HelpPage(b)));
        add("Quit", "q", b::quit);
    }

    private void add(String name, String keys, Runnable action) {
        commands.add(new Command(name, keys, action));
    }

    private List<Command> matching() {
        FuzzyFilter f = new FuzzyFilter(input.text());
        return commands.stream().filter(c -> f.matches(c.name())).toList();
    }

    @Override
    public boolean overlay() {
        return true;
    }

    @Override
    public void draw(Canvas c) {
        List<Command> m = matching();
        int w = Math.min(c.width - 4, 56);
        int x = (c.width - w) / 2;
        int y = 2;
        c.fill(x, y, w, Role.TITLE);
        c.text(x + 1, y, "Command palette", Role.TITLE);
        y++;
        c.fill(x, y, w, Role.NORMAL);
        c.text(x, y, "> ", Role.ACCENT);
        input.draw(c, x + 2, y, w - 3);
        y++;
        if (m.isEmpty()) {
            c.fill(x, y, w, Role.NORMAL);
            c.text(x + 1, y, "No command matches. Backspace or esc.", Role.DIM);
        }
        for (int i = 0; i < m.size() && y < c.height - 1; i++, y++) {
            Role r = i == selected ? Role.SELECTED : Role.NORMAL;
            c.fill(x, y, w, r);
            c.text(x + 1, y, Canvas.fit(m.get(i).name(), w - 8), r);
            c.text(x + w - 5, y, Canvas.right(m.get(i).keys(), 4), i == selected ? r : Role.DIM);
        }
    }

    @Override
    public void key(KeyStroke k) {
        List<Command> m = matching();
        switch (k.getKeyType()) {
            case Escape -> b.pop();
            case ArrowDown -> selected = Math.min(selected + 1, Math.max(0, m.size() - 1));
            case ArrowUp -> selected = Math.max(0, selected - 1);
            case Enter -> {
                if (!m.isEmpty()) {
                    b.pop();
                    m.get(Math.min(selected, m.size() - 1)).action().run();
                }
            }
            default -> {
                if (Keys.isCtrl(k, 'p')) {
                    b.pop();
                } else if (input.key(k)) {
                    selected = 0;
                }
            }
        }
    }
}
