package io.memcached4j.cli.browser;

import com.googlecode.lanterna.input.KeyStroke;
import io.memcached4j.CacheMissException;
import io.memcached4j.CasConflictException;
import io.memcached4j.CasItem;
import io.memcached4j.Item;
import io.memcached4j.cli.format.StyledLine;
import io.memcached4j.cli.format.ValueDecoder;
import io.memcached4j.cli.format.ValueRenderer;
import io.memcached4j.cli.format.ViewMode;

import java.util.List;
import java.util.Optional;

/**
 * Shown when a save found the value changed on the server: nothing was written. Shows the user's
 * version and the server's side by side; the user reloads the server's (dropping theirs) or overwrites
 * it deliberately (again with compare-and-swap, against the version now shown).
 */
final class ConflictPage implements Page {
    private final Browser b;
    private final EditorPage editor;
    private final byte[] yours;
    private LoadedValue current;
    private boolean busy;

    ConflictPage(Browser b, EditorPage editor, byte[] yours, LoadedValue current) {
        this.b = b;
        this.editor = editor;
        this.yours = yours;
        this.current = current;
    }

    @Override
    public void draw(Canvas c) {
        c.fill(0, Role.TITLE);
        c.text(1, 0, "Conflict  " + editor.key(), Role.TITLE);
        c.text(0, 1, current == null ? "The key was deleted since you opened it. Nothing was written."
                : "The value changed on the server since you opened it. Nothing was written.", Role.WARN);
        int half = (c.width - 1) / 2;
        c.text(0, 3, Canvas.fit("YOUR EDIT (not saved)", half), Role.ACCENT);
        c.text(half + 1, 3, Canvas.fit("ON THE SERVER NOW", c.width - half - 1), Role.ACCENT);
        List<StyledLine> left = ValueRenderer.render(ValueDecoder.decode(yours), ViewMode.AUTO);
        List<StyledLine> right = current == null ? List.of(StyledLine.plain("(deleted)"))
                : ValueRenderer.render(current.decoded(), ViewMode.AUTO);
        int rows = c.height - 6;
        for (int i = 0; i < rows; i++) {
            if (i < left.size()) {
                c.line(0, 4 + i, left.get(i), 0, half);
            }
            c.text(half, 4 + i, "\u2502", Role.DIM);
            if (i < right.size()) {
                c.line(half + 1, 4 + i, right.get(i), 0, c.width - half - 1);
            }
        }
        String msg = b.status();
        c.text(0, c.height - 1, msg.isEmpty() ? "r reload theirs (drop yours)  o overwrite with yours  esc keep editing"
                : msg, msg.isEmpty() ? Role.NORMAL : b.statusRole);
    }

    @Override
    public void key(KeyStroke k) {
        if (busy) {
            return;
        }
        if (k.getKeyType() == com.googlecode.lanterna.input.KeyType.Escape || Keys.is(k, 'q')) {
            b.pop();
        } else if (Keys.is(k, 'r')) {
            b.pop();
            if (current == null) {
                b.pop();
                b.status(editor.key() + " is gone; edit discarded", Role.WARN);
            } else {
                editor.setContent(current);
                b.status("Reloaded the server's value; your edit was dropped", Role.ACCENT);
            }
        } else if (Keys.is(k, 'o')) {
            overwrite();
        }
    }

    private void overwrite() {
        busy = true;
        LoadedValue against = current;
        int exp = editor.expiration();
        b.async(() -> {
            try {
                if (against == null) {
                    return b.client.add(new Item(editor.key(), yours, editor.flags(), exp))
                            ? Optional.<Optional<LoadedValue>>empty() : Optional.of(LoadedValue.fetch(b.client, editor.key()));
                }
                b.client.compareAndSwap(new CasItem(editor.key(), yours, editor.flags(), exp, against.cas()));
                return Optional.<Optional<LoadedValue>>empty();
            } catch (CasConflictException | CacheMissException e) {
                return Optional.of(LoadedValue.fetch(b.client, editor.key()));
            }
        }, again -> {
            busy = false;
            if (again.isEmpty()) {
                b.pop();
                editor.saved();
                b.status("Overwrote the server's value with yours", Role.ACCENT);
            } else {
                current = again.get().orElse(null);
                b.status("It changed again meanwhile; nothing written. Look again, then choose.", Role.WARN);
            }
        }, t -> {
            busy = false;
            b.showError("Overwrite").accept(t);
        });
    }
}
