package io.memcached4j.cli.browser;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.memcached4j.ServerAddress;
import io.memcached4j.cli.format.Sizes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Live statistics like {@code top}: per server or in total, polled every second; rates with
 * sparklines of the last minutes; the servers (for the total) or the slab classes (for one server).
 */
final class StatsPage implements Page {
    private static final String[] RATE_NAMES = {"gets/s", "sets/s", "evict/s", "hit %"};
    private final Browser b;
    private final StatsModel model;
    private int shown;
    /** The first slab class row shown (j k scroll the table). */
    private int slabTop;
    private boolean paused;
    private boolean polling;
    private long lastPoll;
    private Map<ServerAddress, Map<String, String>> slabs = Map.of();
    private Map<ServerAddress, Map<String, String>> items = Map.of();
    private String error;

    StatsPage(Browser b) {
        this.b = b;
        this.model = new StatsModel(b.servers);
        poll();
    }

    @Override
    public void tick() {
        if (!paused && System.nanoTime() - lastPoll >= 950_000_000L) {
            poll();
        }
    }

    private void poll() {
        if (polling) {
            return;
        }
        polling = true;
        lastPoll = System.nanoTime();
        b.async(() -> {
            Map<ServerAddress, Map<String, String>> s = b.client.stats();
            long at = System.nanoTime();
            Map<ServerAddress, Map<String, String>> sl = b.client.stats("slabs");
            Map<ServerAddress, Map<String, String>> it = b.client.stats("items");
            return new Object[] {at, s, sl, it};
        }, r -> {
            polling = false;
            error = null;
            @SuppressWarnings("unchecked")
            Map<ServerAddress, Map<String, String>> s = (Map<ServerAddress, Map<String, String>>) r[1];
            model.add((Long) r[0], s);
            @SuppressWarnings("unchecked")
            Map<ServerAddress, Map<String, String>> sl = (Map<ServerAddress, Map<String, String>>) r[2];
            @SuppressWarnings("unchecked")
            Map<ServerAddress, Map<String, String>> it = (Map<ServerAddress, Map<String, String>>) r[3];
            slabs = sl;
            items = it;
        }, t -> {
            polling = false;
            error = Browser.message(t);
        });
    }

    @Override
    public void draw(Canvas c) {
        List<String> names = model.names();
        String name = names.get(Math.min(shown, names.size() - 1));
        StatsModel.Series s = model.series(name);
        c.fill(0, Role.TITLE);
        c.text(1, 0, "Stats  " + (name.equals(StatsModel.TOTAL) ? "Total of " + b.servers.size() + " server"
                + (b.servers.size() == 1 ? "" : "s") : name) + (paused ? "  (paused)" : "  every 1s"), Role.TITLE);
        double[] r = s.latest();
        int y = 2;
        long limit = s.counter("limit_maxbytes");
        long bytes = s.counter("bytes");
        double life = s.lifetimeHitRatio();
        row(c, y++, "Hit ratio", Double.isNaN(life) ? "-" : String.format(Locale.ROOT, "%.1f%%", life),
                "Gets/s", rate(r[0]), "Sets/s", rate(r[1]));
        row(c, y++, "Items", num(s.counter("curr_items")), "Gets", num(s.counter("cmd_get")),
                "Sets", num(s.counter("cmd_set")));
        row(c, y++, "Hits", num(s.counter("get_hits")), "Misses", num(s.counter("get_misses")),
                "Evictions", num(s.counter("evictions")));
        row(c, y++, "Conns", num(s.counter("curr_connections")), "Uptime", Durations.compact(s.uptime),
                "Evict/s", rate(r[2]));
        c.text(1, y, "Memory", Role.DIM);
        c.text(11, y++, Sizes.format(bytes) + " of " + Sizes.format(limit)
                + (limit > 0 ? String.format(Locale.ROOT, " (%.0f%%)", 100.0 * bytes / limit) : ""), Role.NORMAL);
        y++;
        int w = Math.max(10, c.width - 22);
        for (int m = 0; m < RATE_NAMES.length; m++) {
            double[] h = s.history(m, w);
            double max = 0;
            for (double v : h) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
            c.text(1, y, Canvas.fit(RATE_NAMES[m], 8), Role.DIM);
            c.text(10, y, StatsModel.sparkline(h), Role.ACCENT, w);
            c.text(c.width - 11, y, Canvas.right("max " + rate(max), 10), Role.DIM);
            y++;
        }
        y++;
        if (name.equals(StatsModel.TOTAL)) {
            y = servers(c, y);
        } else {
            y = slabClasses(c, y, name);
        }
        String msg = error != null ? "Stats failed: " + error : b.status();
        String keys = "tab/\u2190\u2192 server  " + (name.equals(StatsModel.TOTAL) ? "" : "j k slabs  ") + "p pause  i capabilities  q back";
        c.text(0, c.height - 1, msg.isEmpty() ? keys : msg,
                error != null ? Role.ERROR : msg.isEmpty() ? Role.DIM : b.statusRole);
    }

    private int servers(Canvas c, int y) {
        c.text(1, y++, String.format(Locale.ROOT, "%-21s %10s %7s %9s %9s %17s", "SERVER", "ITEMS", "HIT%", "GETS/S",
                "SETS/S", "MEMORY"), Role.DIM);
        for (String n : model.names()) {
            if (n.equals(StatsModel.TOTAL) || y >= c.height - 1) {
                continue;
            }
            StatsModel.Series s = model.series(n);
            double[] r = s.latest();
            double life = s.lifetimeHitRatio();
            c.text(1, y++, String.format(Locale.ROOT, "%-21s %10s %7s %9s %9s %17s", n, num(s.counter("curr_items")),
                    Double.isNaN(life) ? "-" : String.format(Locale.ROOT, "%.1f", life), rate(r[0]), rate(r[1]),
                    Sizes.format(s.counter("bytes")) + "/" + Sizes.format(s.counter("limit_maxbytes"))), Role.NORMAL);
        }
        return y;
    }

    private int slabClasses(Canvas c, int y, String server) {
        Map<String, String> sl = pick(slabs, server);
        Map<String, String> it = pick(items, server);
        c.text(1, y++, String.format(Locale.ROOT, "%-5s %9s %10s %6s %10s %10s", "SLAB", "CHUNK", "ITEMS", "PAGES",
                "USED", "EVICTED"), Role.DIM);
        Map<Integer, Boolean> classes = new TreeMap<>();
        for (String k : sl.keySet()) {
            int colon = k.indexOf(':');
            if (colon > 0 && Character.isDigit(k.charAt(0))) {
                classes.put(Integer.parseInt(k.substring(0, colon)), true);
            }
        }
        List<Integer> ids = new ArrayList<>(classes.keySet());
        slabTop = Math.max(0, Math.min(slabTop, ids.size() - 1));
        for (int i = slabTop; i < ids.size() && y < c.height - 1; i++) {
            int id = ids.get(i);
            int more = ids.size() - i;
            if (y == c.height - 2 && more > 1) {
                c.text(1, y++, String.format(Locale.ROOT, "\u2026 %d more slab classes (j k scroll)", more), Role.DIM);
                break;
            }
            long chunk = StatsModel.parse(sl.get(id + ":chunk_size"));
            long used = StatsModel.parse(sl.get(id + ":used_chunks"));
            c.text(1, y++, String.format(Locale.ROOT, "%-5d %9s %10s %6s %10s %10s", id, Sizes.format(chunk),
                    num(StatsModel.parse(it.get("items:" + id + ":number"))), num(StatsModel.parse(sl.get(id + ":total_pages"))),
                    Sizes.format(chunk * used), num(StatsModel.parse(it.get("items:" + id + ":evicted")))), Role.NORMAL);
        }
        if (ids.isEmpty()) {
            c.text(1, y++, "(no slab class in use)", Role.DIM);
        }
        return y;
    }

    private static Map<String, String> pick(Map<ServerAddress, Map<String, String>> m, String server) {
        for (Map.Entry<ServerAddress, Map<String, String>> e : m.entrySet()) {
            if (e.getKey().toString().equals(server)) {
                return e.getValue();
            }
        }
        return Map.of();
    }

    private static void row(Canvas c, int y, String l1, String v1, String l2, String v2, String l3, String v3) {
        int col = Math.max(24, c.width / 3);
        c.text(1, y, Canvas.fit(l1, 10), Role.DIM);
        c.text(11, y, v1, Role.NORMAL, col - 12);
        c.text(col, y, Canvas.fit(l2, 7), Role.DIM);
        c.text(col + 7, y, v2, Role.NORMAL, col - 8);
        c.text(2 * col - 2, y, Canvas.fit(l3, 10), Role.DIM);
        c.text(2 * col + 8, y, v3, Role.NORMAL);
    }

    static String num(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String rate(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v >= 10_000) {
            return String.format(Locale.ROOT, "%.1fk", v / 1000);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    @Override
    public void key(KeyStroke k) {
        int n = model.names().size();
        if (k.getKeyType() == KeyType.Tab || k.getKeyType() == KeyType.ArrowRight || Keys.is(k, 'l')) {
            shown = (shown + 1) % n;
        } else if (k.getKeyType() == KeyType.ReverseTab || k.getKeyType() == KeyType.ArrowLeft || Keys.is(k, 'h')) {
            shown = (shown + n - 1) % n;
        } else if (k.getKeyType() == KeyType.ArrowDown || Keys.is(k, 'j')) {
            slabTop++;
        } else if (k.getKeyType() == KeyType.ArrowUp || Keys.is(k, 'k')) {
            slabTop = Math.max(0, slabTop - 1);
        } else if (Keys.is(k, 'p')) {
            paused = !paused;
        } else if (Keys.is(k, 'i')) {
            b.push(new CapsPage(b));
        } else if (Keys.isCtrl(k, 'p')) {
            b.push(new PalettePage(b, null));
        } else if (Keys.isBack(k)) {
            b.pop();
        }
    }
}
