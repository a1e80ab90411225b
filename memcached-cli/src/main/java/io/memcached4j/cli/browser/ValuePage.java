package io.memcached4j.cli.browser;

import com.googlecode.lanterna.input.KeyStroke;
import io.memcached4j.cli.format.StyledLine;
import io.memcached4j.cli.format.ValueRenderer;
import io.memcached4j.cli.format.ViewMode;

import java.util.List;
import java.util.Optional;

/** Shows one value in its detected format (or a chosen one), scrollable, with the key's actions. */
final class ValuePage implements Page {
    private final Browser b;
    private final String key;
    private LoadedValue value;
    private String problem;
    private ViewMode mode = ViewMode.AUTO;
    private List<StyledLine> lines = List.of();
    private int top;
    private int left;
    private int bodyRows = 10;

    ValuePage(Browser b, String key) {
        this.b = b;
        this.key = key;
        load();
    }

    /** Reloads when the key is the one shown. */
    void changed(String changedKey) {
        if (key.equals(changedKey)) {
            load();
        }
    }

    private void load() {
        problem = "loading\u2026";
        b.async(() -> LoadedValue.fetch(b.client, key), this::loaded, t -> problem = "could not read: " + Browser.message(t));
    }

    private void loaded(Optional<LoadedValue> v) {
        if (v.isEmpty()) {
            value = null;
            problem = "the key is not on the server (expired, evicted or deleted)";
            lines = List.of();
            return;
        }
        value = v.get();
        problem = null;
        render();
    }

    private void render() {
        lines = ValueRenderer.render(value.decoded(), mode);
    }

    @Override
    public void draw(Canvas c) {
        c.fill(0, Role.TITLE);
        c.text(1, 0, "Value  " + key, Role.TITLE, c.width - 2);
        int y = 1;
        if (value != null) {
            String ttl = value.ttl() < 0 ? "never expires" : "TTL " + Durations.compact(value.ttl());
            ViewMode shown = ValueRenderer.effectiveMode(value.decoded(), mode);
            c.text(0, y, value.decoded().describe() + " | flags " + value.flags() + " | " + ttl + " | view "
                    + shown.name().toLowerCase(java.util.Locale.ROOT) + (mode == ViewMode.AUTO ? " (auto)" : ""), Role.ACCENT);
        } else {
            c.text(0, y, problem, Role.WARN);
        }
        y++;
        int body = y;
        bodyRows = Math.max(1, c.height - body - 1);
        top = Math.max(0, Math.min(top, Math.max(0, lines.size() - bodyRows)));
        for (int i = top; i < Math.min(lines.size(), top + bodyRows); i++, y++) {
            c.line(0, y, lines.get(i), left, c.width);
        }
        String pos = lines.isEmpty() ? "" : " " + (top + 1) + "-" + Math.min(lines.size(), top + bodyRows) + "/" + lines.size();
        String msg = b.status();
        c.text(0, c.height - 1, msg.isEmpty() ? "m mode  e edit  d delete  y copy  r reload  j/k scroll  q back" : msg,
                msg.isEmpty() ? Role.DIM : b.statusRole);
        c.text(c.width - pos.length(), c.height - 1, pos, Role.DIM);
    }

    @Override
    public void key(KeyStroke k) {
        if (Keys.isCtrl(k, 'd')) {
            top += bodyRows / 2;
            return;
        }
        if (Keys.isCtrl(k, 'u')) {
            top = Math.max(0, top - bodyRows / 2);
            return;
        }
        if (Keys.isCtrl(k, 'p')) {
            b.push(new PalettePage(b, null));
            return;
        }
        switch (k.getKeyType()) {
            case Escape -> b.pop();
            case ArrowDown -> top++;
            case ArrowUp -> top = Math.max(0, top - 1);
            case ArrowRight -> left += 8;
            case ArrowLeft -> left = Math.max(0, left - 8);
            case PageDown -> top += bodyRows;
            case PageUp -> top = Math.max(0, top - bodyRows);
            case Home -> top = 0;
            case End -> top = Integer.MAX_VALUE / 2;
            case Character -> character(k.getCharacter());
            default -> {
            }
        }
    }

    private void character(char ch) {
        switch (ch) {
            case 'q' -> b.pop();
            case 'j' -> top++;
            case 'k' -> top = Math.max(0, top - 1);
            case 'l' -> left += 8;
            case 'h' -> left = Math.max(0, left - 8);
            case ' ' -> top += bodyRows;
            case 'g' -> top = 0;
            case 'G' -> top = Integer.MAX_VALUE / 2;
            case 'r' -> load();
            case 'm' -> {
                mode = mode.next();
                if (value != null) {
                    render();
                }
                b.status("View: " + mode.name().toLowerCase(java.util.Locale.ROOT), Role.ACCENT);
            }
            case 'e' -> EditorPage.edit(b, key);
            case 'd' -> b.push(ConfirmPage.delete(b, key, () -> {
                b.pop();
                KeyListPage list = b.keyList();
                if (list != null) {
                    list.deleted(key);
                }
            }));
            case 'y' -> {
                if (value != null) {
                    b.copy(value.decoded().content());
                }
            }
            case '?' -> b.push(new HelpPage(b));
            default -> {
            }
        }
    }
}
