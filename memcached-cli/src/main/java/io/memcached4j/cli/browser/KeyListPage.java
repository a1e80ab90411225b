package io.memcached4j.cli.browser;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.memcached4j.cli.format.Sizes;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** The main page: the keys as a tree or a flat list, with the filter, sort and key actions. */
final class KeyListPage implements Page {
    private final Browser b;
    private int selected;
    private int top;
    private int pageRows = 10;
    private boolean filtering;
    private int selectedKey = -1;
    private String selectedKeyName;
    private KeyStore selectedStore;
    private String selectedGroup;
    /** Whether the person moved the selection; until then it stays on the first row while keys arrive. */
    private boolean chosen;

    KeyListPage(Browser b) {
        this.b = b;
    }

    /** Keeps the selection on the same key or group when the rows change. */
    void viewChanged(KeyView old, KeyView now) {
        int row = -1;
        if (!chosen) {
            row = 0;
        } else if (selectedGroup != null) {
            row = now.rowOfGroup(selectedGroup);
        } else if (selectedKeyName != null) {
            if (selectedStore != b.store()) {
                selectedKey = now.snapshot.indexOf(selectedKeyName);
                selectedStore = selectedKey >= 0 ? b.store() : null;
            }
            if (selectedKey >= 0) {
                row = now.rowOfKey(selectedKey);
            }
        }
        if (row >= 0) {
            selected = row;
        }
        selected = Math.max(0, Math.min(selected, now.rowCount - 1));
        remember(now);
    }

    private void remember(KeyView v) {
        if (v.rowCount == 0) {
            return;
        }
        if (v.isGroup(selected)) {
            selectedGroup = v.group(selected).prefix();
            selectedKeyName = null;
        } else {
            selectedGroup = null;
            selectedKey = v.key(selected);
            selectedKeyName = v.snapshot.key(selectedKey);
            selectedStore = b.store();
        }
    }

    @Override
    public void draw(Canvas c) {
        KeyView v = b.view;
        int y = 0;
        c.fill(0, Role.TITLE);
        String servers = b.servers.size() == 1 ? b.servers.get(0).toString() : b.servers.size() + " servers";
        String mode = (b.query.tree() ? "tree" : "flat") + "  sort:" + b.query.sort().label
                + (b.query.descending() ? "\u2193" : "\u2191");
        c.text(1, 0, "memcached4j  " + servers + "  " + mode, Role.TITLE);
        String help = "? help ";
        c.text(c.width - help.length(), 0, help, Role.TITLE);
        y++;
        if (b.notice != null) {
            c.fill(y, Role.DEMO);
            c.text(0, y, b.notice, Role.DEMO);
            y++;
        }
        Columns col = Columns.of(c.width, b.servers.size() > 1);
        c.text(0, y, col.header(), Role.DIM);
        y++;
        int listTop = y;
        int listRows = Math.max(1, c.height - listTop - 2);
        pageRows = listRows;
        if (selected < top) {
            top = selected;
        } else if (selected >= top + listRows) {
            top = selected - listRows + 1;
        }
        top = Math.max(0, Math.min(top, Math.max(0, v.rowCount - listRows)));
        long now = System.currentTimeMillis() / 1000;
        FuzzyFilter filter = new FuzzyFilter(v.query.filter());
        for (int r = top; r < Math.min(v.rowCount, top + listRows); r++, y++) {
            boolean sel = r == selected;
            if (sel) {
                c.fill(y, Role.SELECTED);
            }
            drawRow(c, v, r, y, col, sel, now, filter);
        }
        if (v.rowCount == 0) {
            String msg = b.loading ? "Loading keys\u2026" : b.loadError != null ? "No keys: " + b.loadError
                    : v.live == 0 ? "No keys on the server. Press n to create one." : "No key matches the filter.";
            c.text(2, listTop + 1, msg, b.loadError != null ? Role.ERROR : Role.DIM);
        }
        drawStatus(c, v);
        drawFooter(c);
    }

    private void drawRow(Canvas c, KeyView v, int r, int y, Columns col, boolean sel, long now, FuzzyFilter filter) {
        int indent = v.depth(r) * 2;
        if (v.isGroup(r)) {
            KeyView.Group g = v.group(r);
            String label = (g.expanded() ? "\u25be " : "\u25b8 ") + g.prefix() + "  (" + String.format(Locale.ROOT, "%,d", g.count()) + ")";
            c.text(indent, y, Canvas.fit(label, col.key - indent), sel ? Role.SELECTED : Role.GROUP, col.key - indent);
            c.text(col.key + 1, y, Canvas.right(Sizes.format(g.bytes()), col.size), sel ? Role.SELECTED : Role.DIM);
            return;
        }
        int k = v.key(r);
        KeyStore.Snapshot s = v.snapshot;
        String key = s.key(k);
        Role base = sel ? Role.SELECTED : Role.NORMAL;
        String shown = b.query.tree() ? "  " + key : key;
        c.text(indent, y, Canvas.fit(shown, col.key - indent), base, col.key - indent);
        if (!filter.isEmpty() && !sel) {
            boolean[] marks = filter.highlights(key);
            int offset = indent + (b.query.tree() ? 2 : 0);
            for (int i = 0; i < marks.length && offset + i < col.key - 1; i++) {
                if (marks[i]) {
                    c.text(offset + i, y, String.valueOf(key.charAt(i)), Role.MATCH, 1);
                }
            }
        }
        int x = col.key + 1;
        c.text(x, y, Canvas.right(Sizes.format(s.size(k)), col.size), base);
        x += col.size + 1;
        int exp = s.expiry(k);
        c.text(x, y, Canvas.right(exp == KeyStore.NEVER ? "never" : Durations.compact(exp - now), col.ttl), base);
        x += col.ttl + 1;
        if (col.access > 0) {
            c.text(x, y, Canvas.right(Durations.compact(Math.max(0, now - s.access(k))), col.access), base);
            x += col.access + 1;
        }
        if (col.slab > 0) {
            c.text(x, y, Canvas.right(String.valueOf(s.slab(k)), col.slab), base);
            x += col.slab + 1;
        }
        if (col.server > 0) {
            c.text(x, y, Canvas.fit(s.server(k).toString(), col.server), base);
        }
    }

    private void drawStatus(Canvas c, KeyView v) {
        int y = c.height - 2;
        String counts = counts(v);
        String msg = b.status();
        if (!msg.isEmpty()) {
            // the message on the left; the counts stay on the right when both fit
            c.text(0, y, msg, b.statusRole);
            if (msg.length() + 2 + counts.length() <= c.width) {
                c.text(c.width - counts.length(), y, counts, b.loading ? Role.ACCENT : Role.DIM);
            }
            return;
        }
        c.text(0, y, counts, b.loading ? Role.ACCENT : Role.DIM);
    }

    /** @return the progress of a dump, the number of keys and of matches, and the server shown */
    private String counts(KeyView v) {
        StringBuilder sb = new StringBuilder();
        if (b.loading) {
            sb.append("Loading keys (").append(b.loadNote).append(") ")
                    .append(String.format(Locale.ROOT, "%,d", b.loaded.get())).append("\u2026  ");
        }
        sb.append(String.format(Locale.ROOT, "%,d key%s", v.live, v.live == 1 ? "" : "s"));
        if (!v.query.filter().isEmpty() || v.query.server() >= 0) {
            sb.append(String.format(Locale.ROOT, ", %,d match%s", v.matched, v.matched == 1 ? "" : "es"));
        }
        if (v.query.server() >= 0 && v.query.server() < v.snapshot.servers.size()) {
            sb.append(" on ").append(v.snapshot.servers.get(v.query.server()));
        }
        return sb.toString();
    }

    private void drawFooter(Canvas c) {
        int y = c.height - 1;
        if (filtering) {
            int x = c.text(0, y, "/", Role.ACCENT);
            x = c.text(x, y, b.query.filter(), Role.NORMAL);
            c.text(x, y, "\u2588", Role.ACCENT);
            c.text(Math.max(x + 2, c.width - 30), y, "enter keep  esc clear", Role.DIM);
            return;
        }
        String f = b.query.filter().isEmpty() ? "" : "[/" + b.query.filter() + "] ";
        c.text(0, y, f + "/ filter  \u23ce open  n new  e edit  d del  s stats  ^P cmds  q quit", Role.DIM);
    }

    @Override
    public void key(KeyStroke k) {
        KeyView v = b.view;
        if (filtering && filterKey(k)) {
            return;
        }
        if (Keys.isCtrl(k, 'p')) {
            b.push(new PalettePage(b, this));
            return;
        }
        if (Keys.isCtrl(k, 'd')) {
            move(pageRows / 2);
            return;
        }
        if (Keys.isCtrl(k, 'u')) {
            move(-pageRows / 2);
            return;
        }
        switch (k.getKeyType()) {
            case ArrowDown -> move(1);
            case ArrowUp -> move(-1);
            case PageDown -> move(pageRows);
            case PageUp -> move(-pageRows);
            case Home -> move(-Integer.MAX_VALUE / 2);
            case End -> move(Integer.MAX_VALUE / 2);
            case Enter -> open(v);
            case ArrowRight -> expandOrOpen(v, true);
            case ArrowLeft -> collapse(v);
            case Escape -> {
                if (!b.query.filter().isEmpty()) {
                    b.setQuery(b.query.withFilter(""));
                }
            }
            case Character -> character(k.getCharacter(), v);
            default -> {
            }
        }
    }

    private boolean filterKey(KeyStroke k) {
        if (Keys.isCtrl(k, 'u')) {
            // clears the line, as in the other text fields and a shell (not half a page up while typing)
            b.setQuery(b.query.withFilter(""));
            selected = 0;
            chosen = false;
            return true;
        }
        switch (k.getKeyType()) {
            case Character -> {
                if (k.isCtrlDown() || k.isAltDown()) {
                    return false;
                }
                b.setQuery(b.query.withFilter(b.query.filter() + k.getCharacter()));
                selected = 0;
                chosen = false;
                return true;
            }
            case Backspace -> {
                String f = b.query.filter();
                if (!f.isEmpty()) {
                    b.setQuery(b.query.withFilter(f.substring(0, f.length() - 1)));
                }
                return true;
            }
            case Enter -> {
                filtering = false;
                return true;
            }
            case Escape -> {
                filtering = false;
                b.setQuery(b.query.withFilter(""));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void character(char ch, KeyView v) {
        switch (ch) {
            case 'j' -> move(1);
            case 'k' -> move(-1);
            case 'g' -> move(-Integer.MAX_VALUE / 2);
            case 'G' -> move(Integer.MAX_VALUE / 2);
            case 'l' -> expandOrOpen(v, true);
            case 'h' -> collapse(v);
            case ' ' -> toggle(v);
            case '/' -> filtering = true;
            case 'q' -> b.quit();
            case 'r' -> {
                b.refresh();
                b.status("Refreshing the key list\u2026", Role.ACCENT);
            }
            case 't' -> b.setQuery(b.query.withTree(!b.query.tree()));
            case 'o' -> b.setQuery(b.query.withSort(b.query.sort().next(), b.query.descending()));
            case 'O' -> b.setQuery(b.query.withSort(b.query.sort(), !b.query.descending()));
            case 'T' -> b.theme = b.theme.next();
            case 'S' -> nextServer();
            case 'D' -> b.push(new PromptPage(b, "Tree delimiters: ", b.query.delimiters(), d -> {
                b.setQuery(b.query.withDelimiters(d));
            }));
            case 'n' -> create(v);
            case 'e' -> withKey(v, key -> EditorPage.edit(b, key));
            case 'd' -> withKey(v, key -> b.push(ConfirmPage.delete(b, key, () -> deleted(key))));
            case 'y' -> withKey(v, key -> b.async(() -> LoadedValue.fetch(b.client, key), lv -> {
                if (lv.isPresent()) {
                    b.copy(lv.get().decoded().content());
                } else {
                    b.status("The key is gone", Role.WARN);
                }
            }, b.showError("Copy")));
            case 's' -> b.push(new StatsPage(b));
            case 'i' -> b.push(new CapsPage(b));
            case ':' -> b.push(new ConsolePage(b));
            case '?' -> b.push(new HelpPage(b));
            default -> {
            }
        }
    }

    void nextServer() {
        int s = b.query.server() + 1;
        if (s >= b.store().snapshot().servers.size()) {
            s = -1;
        }
        b.setQuery(b.query.withServer(s));
        b.status(s < 0 ? "Showing every server" : "Showing " + b.store().snapshot().servers.get(s) + " only", Role.ACCENT);
    }

    void create(KeyView v) {
        String prefix = "";
        if (v.rowCount > 0 && v.isGroup(selected)) {
            prefix = v.group(selected).prefix();
        }
        b.push(new PromptPage(b, "New key: ", prefix, key -> EditorPage.create(b, key)));
    }

    /** Marks a key deleted in the list after the server deleted it. */
    void deleted(String key) {
        KeyStore.Snapshot s = b.store().snapshot();
        int i = s.indexOf(key);
        if (i >= 0) {
            b.store().markDeleted(i);
        }
        b.requestView();
    }

    private void withKey(KeyView v, java.util.function.Consumer<String> action) {
        if (v.rowCount == 0 || v.isGroup(selected)) {
            b.status("Select a key first", Role.WARN);
            return;
        }
        action.accept(v.snapshot.key(v.key(selected)));
    }

    private void move(int delta) {
        KeyView v = b.view;
        long s = (long) selected + delta;
        selected = (int) Math.max(0, Math.min(s, v.rowCount - 1L));
        chosen = true;
        remember(v);
    }

    private void open(KeyView v) {
        if (v.rowCount == 0) {
            return;
        }
        if (v.isGroup(selected)) {
            toggle(v);
        } else {
            b.push(new ValuePage(b, v.snapshot.key(v.key(selected))));
        }
    }

    private void expandOrOpen(KeyView v, boolean openKey) {
        if (v.rowCount == 0) {
            return;
        }
        if (v.isGroup(selected)) {
            if (!v.group(selected).expanded()) {
                toggle(v);
            }
        } else if (openKey) {
            open(v);
        }
    }

    private void toggle(KeyView v) {
        if (v.rowCount == 0 || !v.isGroup(selected)) {
            return;
        }
        KeyView.Group g = v.group(selected);
        Set<String> e = new HashSet<>(b.query.expanded());
        if (g.expanded()) {
            e.remove(g.prefix());
        } else {
            e.add(g.prefix());
        }
        selectedGroup = g.prefix();
        b.setQuery(b.query.withExpanded(e));
    }

    private void collapse(KeyView v) {
        if (v.rowCount == 0) {
            return;
        }
        if (v.isGroup(selected) && v.group(selected).expanded()) {
            toggle(v);
            return;
        }
        int depth = v.depth(selected);
        for (int r = selected - 1; r >= 0; r--) {
            if (v.isGroup(r) && v.depth(r) < depth) {
                selected = r;
                chosen = true;
                remember(v);
                toggle(v);
                return;
            }
        }
    }

    /** Column widths for a screen width. */
    record Columns(int key, int size, int ttl, int access, int slab, int server) {
        static Columns of(int width, boolean severalServers) {
            int size = 8;
            int ttl = 6;
            int access = width >= 60 ? 6 : 0;
            int slab = width >= 60 ? 4 : 0;
            int server = severalServers ? (width >= 100 ? 21 : width >= 72 ? 15 : 0) : (width >= 120 ? 21 : 0);
            int used = size + 1 + ttl + 1 + (access > 0 ? access + 1 : 0) + (slab > 0 ? slab + 1 : 0)
                    + (server > 0 ? server + 1 : 0);
            return new Columns(Math.max(10, width - used - 1), size, ttl, access, slab, server);
        }

        String header() {
            StringBuilder sb = new StringBuilder(Canvas.fit("KEY", key)).append(' ')
                    .append(Canvas.right("SIZE", size)).append(' ').append(Canvas.right("TTL", ttl)).append(' ');
            if (access > 0) {
                sb.append(Canvas.right("ACCESS", access)).append(' ');
            }
            if (slab > 0) {
                sb.append(Canvas.right("SLAB", slab)).append(' ');
            }
            if (server > 0) {
                sb.append(Canvas.fit("SERVER", server));
            }
            return sb.toString();
        }
    }
}
