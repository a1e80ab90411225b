package io.memcached4j.cli.browser;

import com.github.luben.zstd.Zstd;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.memcached4j.CacheMissException;
import io.memcached4j.CasConflictException;
import io.memcached4j.CasItem;
import io.memcached4j.Item;
import io.memcached4j.cli.format.Compression;
import io.memcached4j.cli.format.ContentKind;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Edits a value as text (decompressed; saved compressed the same way). Saving an existing key is a
 * compare-and-swap with the token read when the editor opened, so a value someone changed meanwhile
 * is never overwritten unasked: the {@link ConflictPage} shows both versions. The TTL left and the
 * flags are kept unless the user changes them.
 */
final class EditorPage implements Page {
    private final Browser b;
    private final String key;
    private LoadedValue original;
    private final List<StringBuilder> lines = new ArrayList<>();
    private boolean trailingNewline;
    private Compression compression = Compression.NONE;
    private int flags;
    private Integer ttlChange;
    private int row;
    private int col;
    private int top;
    private int left;
    private boolean saving;

    private EditorPage(Browser b, String key, LoadedValue original) {
        this.b = b;
        this.key = key;
        setContent(original);
    }

    /** Opens the editor on a key's current value. */
    static void edit(Browser b, String key) {
        b.async(() -> LoadedValue.fetch(b.client, key), v -> {
            if (v.isEmpty()) {
                b.status(key + " is not on the server any more", Role.WARN);
            } else if (v.get().decoded().kind() == ContentKind.BINARY) {
                b.status("Binary value: it can be viewed (hex) but not edited as text", Role.WARN);
            } else {
                b.push(new EditorPage(b, key, v.get()));
            }
        }, b.showError("Read"));
    }

    /** Opens the editor on a new, empty key. */
    static void create(Browser b, String key) {
        try {
            io.memcached4j.Keys.requireValid(key);
        } catch (IllegalArgumentException e) {
            b.status("Not a valid key: " + Browser.message(e), Role.ERROR);
            return;
        }
        b.push(new EditorPage(b, key, null));
    }

    void setContent(LoadedValue v) {
        original = v;
        lines.clear();
        String text = v == null ? "" : new String(v.decoded().content(), StandardCharsets.UTF_8);
        trailingNewline = text.endsWith("\n");
        if (trailingNewline) {
            text = text.substring(0, text.length() - 1);
        }
        for (String l : text.split("\n", -1)) {
            lines.add(new StringBuilder(l));
        }
        compression = v == null ? Compression.NONE : v.decoded().compression();
        flags = v == null ? 0 : v.flags();
        row = 0;
        col = 0;
        top = 0;
    }

    /** @return the bytes to store: the text, compressed as the value was */
    byte[] bytes() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                sb.append('\n');
            }
            sb.append(lines.get(i));
        }
        if (trailingNewline) {
            sb.append('\n');
        }
        return compress(sb.toString().getBytes(StandardCharsets.UTF_8), compression);
    }

    static byte[] compress(byte[] plain, Compression c) {
        try {
            switch (c) {
                case GZIP -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                        gz.write(plain);
                    }
                    return out.toByteArray();
                }
                case ZLIB -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
                        z.write(plain);
                    }
                    return out.toByteArray();
                }
                case ZSTD -> {
                    return Zstd.compress(plain);
                }
                default -> {
                    return plain;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the expiration a save sends: the user's change, else the TTL left */
    int expiration() {
        if (ttlChange != null) {
            return ttlChange;
        }
        return original == null ? 0 : original.keptExpiration();
    }

    String yourText() {
        return String.join("\n", lines);
    }

    @Override
    public void draw(Canvas c) {
        c.fill(0, Role.TITLE);
        c.text(1, 0, (original == null ? "New  " : "Edit  ") + key, Role.TITLE, c.width - 2);
        String ttl = ttlChange != null ? (ttlChange == 0 ? "TTL never (changed)" : "TTL " + ttlChange + "s (changed)")
                : original == null || original.ttl() < 0 ? "TTL never" : "TTL kept (" + original.ttl() + "s left)";
        c.text(0, 1, "flags " + flags + " | " + ttl + (compression != Compression.NONE
                ? " | saved " + compression.name().toLowerCase(java.util.Locale.ROOT) : "")
                + (saving ? " | saving\u2026" : ""), Role.ACCENT);
        int body = 2;
        int rows = Math.max(1, c.height - body - 1);
        if (row < top) {
            top = row;
        } else if (row >= top + rows) {
            top = row - rows + 1;
        }
        int w = c.width;
        if (col < left) {
            left = col;
        } else if (col >= left + w - 1) {
            left = col - w + 2;
        }
        for (int i = top; i < Math.min(lines.size(), top + rows); i++) {
            String l = lines.get(i).toString();
            String shown = l.length() > left ? l.substring(left) : "";
            c.text(0, body + i - top, shown, Role.NORMAL);
        }
        String under = col < lines.get(row).length() ? String.valueOf(lines.get(row).charAt(col)) : " ";
        c.text(col - left, body + row - top, under, Role.SELECTED, 1);
        String msg = b.status();
        c.text(0, c.height - 1, msg.isEmpty() ? "^S save  ^T TTL  ^F flags  esc cancel   (line " + (row + 1) + ", col " + (col + 1) + ")"
                : msg, msg.isEmpty() ? Role.DIM : b.statusRole);
    }

    @Override
    public void key(KeyStroke k) {
        if (saving) {
            return;
        }
        if (Keys.isCtrl(k, 's') || k.getKeyType() == KeyType.F2) {
            save();
            return;
        }
        if (Keys.isCtrl(k, 't')) {
            b.push(new PromptPage(b, "TTL in seconds (0 = never expires): ", String.valueOf(expiration()), this::setTtl));
            return;
        }
        if (Keys.isCtrl(k, 'f')) {
            b.push(new PromptPage(b, "Client flags: ", String.valueOf(flags), this::setFlags));
            return;
        }
        StringBuilder line = lines.get(row);
        switch (k.getKeyType()) {
            case Escape -> {
                b.pop();
                b.status("Edit discarded; nothing written", Role.DIM);
            }
            case Character -> {
                if (!k.isCtrlDown() && !k.isAltDown()) {
                    line.insert(col++, k.getCharacter());
                }
            }
            case Tab -> {
                line.insert(col, "  ");
                col += 2;
            }
            case Enter -> {
                String rest = line.substring(col);
                line.setLength(col);
                lines.add(++row, new StringBuilder(rest));
                col = 0;
            }
            case Backspace -> {
                if (col > 0) {
                    line.deleteCharAt(--col);
                } else if (row > 0) {
                    StringBuilder prev = lines.get(row - 1);
                    col = prev.length();
                    prev.append(line);
                    lines.remove(row--);
                }
            }
            case Delete -> {
                if (col < line.length()) {
                    line.deleteCharAt(col);
                } else if (row + 1 < lines.size()) {
                    line.append(lines.remove(row + 1));
                }
            }
            case ArrowLeft -> {
                if (col > 0) {
                    col--;
                } else if (row > 0) {
                    col = lines.get(--row).length();
                }
            }
            case ArrowRight -> {
                if (col < line.length()) {
                    col++;
                } else if (row + 1 < lines.size()) {
                    row++;
                    col = 0;
                }
            }
            case ArrowUp -> moveRow(-1);
            case ArrowDown -> moveRow(1);
            case PageUp -> moveRow(-10);
            case PageDown -> moveRow(10);
            case Home -> col = 0;
            case End -> col = line.length();
            default -> {
            }
        }
    }

    private void moveRow(int d) {
        row = Math.max(0, Math.min(lines.size() - 1, row + d));
        col = Math.min(col, lines.get(row).length());
    }

    private void setTtl(String s) {
        try {
            int t = Integer.parseInt(s.strip());
            if (t < 0) {
                throw new NumberFormatException("negative");
            }
            ttlChange = t;
        } catch (NumberFormatException e) {
            b.status("TTL must be a whole number of seconds, 0 or more", Role.ERROR);
        }
    }

    private void setFlags(String s) {
        try {
            flags = Integer.parseUnsignedInt(s.strip());
        } catch (NumberFormatException e) {
            b.status("Flags must be a whole number from 0 to 4294967295", Role.ERROR);
        }
    }

    private void save() {
        byte[] bytes = bytes();
        int exp = expiration();
        saving = true;
        if (original == null) {
            b.async(() -> b.client.add(new Item(key, bytes, flags, exp)), added -> {
                saving = false;
                if (added) {
                    b.pop();
                    b.status("Created " + key, Role.ACCENT);
                    b.keyAdded(key, bytes.length, exp);
                } else {
                    b.status(key + " exists already: nothing written (open it and edit it instead)", Role.WARN);
                }
            }, t -> {
                saving = false;
                b.showError("Save").accept(t);
            });
            return;
        }
        CasItem item = new CasItem(key, bytes, flags, exp, original.cas());
        b.async(() -> {
            try {
                b.client.compareAndSwap(item);
                return Optional.<Optional<LoadedValue>>empty();
            } catch (CasConflictException | CacheMissException e) {
                return Optional.of(LoadedValue.fetch(b.client, key));
            }
        }, conflict -> {
            saving = false;
            if (conflict.isEmpty()) {
                saved();
            } else {
                b.push(new ConflictPage(b, this, bytes, conflict.get().orElse(null)));
            }
        }, t -> {
            saving = false;
            b.showError("Save").accept(t);
        });
    }

    /** Closes the editor after a successful write and reloads what shows the value. */
    void saved() {
        b.pop();
        b.status("Saved " + key, Role.ACCENT);
        b.valueChanged(key);
    }

    String key() {
        return key;
    }

    int flags() {
        return flags;
    }
}
