package io.memcached4j.cli.browser;

import java.util.List;

/**
 * The rows the key list shows, built off the UI thread by {@link ViewBuilder}. A row is a key (its
 * index in the snapshot) or a tree group ({@code -(group index + 1)}).
 */
final class KeyView {
    /** A tree group: the keys that share a prefix up to and including a delimiter. */
    record Group(String prefix, int depth, int count, long bytes, boolean expanded) {
    }

    final KeyStore.Snapshot snapshot;
    final ViewQuery query;
    final int[] rows;
    final byte[] depths;
    final int rowCount;
    final List<Group> groups;
    final int live;
    final int matched;
    /** How long building these rows took, in nanoseconds (set by the builder). */
    long buildNanos;

    KeyView(KeyStore.Snapshot snapshot, ViewQuery query, int[] rows, byte[] depths, int rowCount,
            List<Group> groups, int live, int matched) {
        this.snapshot = snapshot;
        this.query = query;
        this.rows = rows;
        this.depths = depths;
        this.rowCount = rowCount;
        this.groups = groups;
        this.live = live;
        this.matched = matched;
    }

    static KeyView empty(KeyStore.Snapshot snapshot, ViewQuery query) {
        return new KeyView(snapshot, query, new int[0], new byte[0], 0, List.of(), 0, 0);
    }

    boolean isGroup(int row) {
        return rows[row] < 0;
    }

    Group group(int row) {
        return groups.get(-rows[row] - 1);
    }

    int key(int row) {
        return rows[row];
    }

    int depth(int row) {
        return depths[row];
    }

    /** @return the row showing the key, -1 when not shown */
    int rowOfKey(int key) {
        for (int r = 0; r < rowCount; r++) {
            if (rows[r] == key) {
                return r;
            }
        }
        return -1;
    }

    /** @return the row showing the group, -1 when not shown */
    int rowOfGroup(String prefix) {
        for (int r = 0; r < rowCount; r++) {
            if (rows[r] < 0 && groups.get(-rows[r] - 1).prefix().equals(prefix)) {
                return r;
            }
        }
        return -1;
    }

    /** @return the text of the rows, one line each (key or group prefix), for tests */
    List<String> labels() {
        String[] out = new String[rowCount];
        for (int r = 0; r < rowCount; r++) {
            out[r] = "  ".repeat(depth(r)) + (isGroup(r) ? group(r).prefix() + " (" + group(r).count() + ")"
                    : snapshot.key(rows[r]));
        }
        return List.of(out);
    }
}
