package io.memcached4j.cli.browser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Builds the key list's rows from a snapshot and a query. Keeps state between builds so each one
 * costs little: the name order grows by merging the newly arrived keys, and a filter that extends
 * the previous one only re-checks the previous matches. Confined to one thread.
 */
final class ViewBuilder {
    private int[] nameOrder = new int[0];
    private int sortedUpTo;
    private byte[] matches = new byte[0];
    private int matchedUpTo;
    private String lastFilter = "";
    private int lastMatchCount;
    private int[] matchList = new int[0];
    private int[] prevFiltered;
    private int prevCount;
    private String prevFilter = "";
    private int prevServer = -1;
    private int prevSortedUpTo = -1;

    /** Thrown inside a build when a newer one is wanted. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super(null, null, false, false);
        }
    }

    ViewBuilder() {
    }

    /** A builder for a store whose first {@code n} keys are already in name order. */
    static ViewBuilder presorted(int n) {
        ViewBuilder b = new ViewBuilder();
        b.nameOrder = new int[n];
        for (int i = 0; i < n; i++) {
            b.nameOrder[i] = i;
        }
        b.sortedUpTo = n;
        return b;
    }

    /**
     * @return a copy of the snapshot's live keys stored in name order, so that every later pass in
     *     name order reads the key bytes sequentially instead of in the order the dump delivered them
     */
    KeyStore packedInNameOrder(KeyStore.Snapshot s) {
        extendNameOrder(s);
        int live = s.count() - s.deletedCount();
        KeyStore packed = new KeyStore(live, s.keyStart(s.count() - 1) + s.keyLength(s.count() - 1)).withServers(s.servers);
        for (int i = 0; i < sortedUpTo; i++) {
            int k = nameOrder[i];
            if (!s.isDeleted(k)) {
                packed.add(s.key(k), s.size(k), s.expiry(k), s.access(k), s.slab(k), s.server(k));
            }
        }
        return packed;
    }

    KeyView build(KeyStore.Snapshot s, ViewQuery q) {
        return build(s, q, () -> false);
    }

    /** Builds the rows; throws {@link Cancelled} when {@code stale} turns true midway. */
    KeyView build(KeyStore.Snapshot s, ViewQuery q, BooleanSupplier stale) {
        extendNameOrder(s);
        int[] filtered;
        int m;
        Recent recent = recentResults.get(q.filter());
        if (recent != null && recent.sortedUpTo == s.count() && recent.server == q.server()
                && recent.deletedCount == s.deletedCount()) {
            // typed back to a filter seen a moment ago (Backspace): its result still holds
            filtered = recent.keys;
            m = recent.count;
        } else if (canNarrow(s, q)) {
            // the previous result, in name order, holds every key the longer filter can match
            FuzzyFilter f = new FuzzyFilter(q.filter());
            filtered = new int[prevCount];
            m = 0;
            for (int i = 0; i < prevCount; i++) {
                int k = prevFiltered[i];
                if (!s.isDeleted(k) && f.matches(s.arena, s.keyStart(k), s.keyStart(k) + s.keyLength(k))) {
                    filtered[m++] = k;
                }
            }
            invalidate();
        } else {
            filter(s, q.filter(), stale);
            filtered = new int[s.count()];
            m = 0;
            for (int i = 0; i < sortedUpTo; i++) {
                int k = nameOrder[i];
                if (matches[k] != 0 && !s.isDeleted(k) && (q.server() < 0 || s.serverIndex(k) == q.server())) {
                    filtered[m++] = k;
                }
            }
            if (m < filtered.length) {
                filtered = Arrays.copyOf(filtered, m);
            }
        }
        if (stale.getAsBoolean()) {
            throw new Cancelled();
        }
        remember(new Recent(q.filter(), filtered, m, sortedUpTo, q.server(), s.deletedCount()));
        prevFiltered = filtered;
        prevCount = m;
        prevFilter = q.filter();
        prevServer = q.server();
        prevSortedUpTo = sortedUpTo;
        int live = s.count() - s.deletedCount();
        if (!q.tree()) {
            int[] rows = sorted(s, filtered, m, q.sort(), q.descending());
            return new KeyView(s, q, rows, new byte[m], m, List.of(), live, m);
        }
        TreeWalk walk = new TreeWalk(s, q, filtered, m);
        walk.walk(0, m, 0, 0);
        return new KeyView(s, q, walk.rows, walk.depths, walk.count, walk.groups, live, m);
    }

    /** A filter's result, kept while the keys do not change, so that Backspace costs nothing. */
    private record Recent(String filter, int[] keys, int count, int sortedUpTo, int server, int deletedCount) {
    }

    /** At most this many key indices are kept in recent results (16 MB). */
    private static final int RECENT_BUDGET = 4 << 20;
    private final java.util.LinkedHashMap<String, Recent> recentResults = new java.util.LinkedHashMap<>(16, 0.75f, true);
    private long recentSize;

    private void remember(Recent r) {
        Recent old = recentResults.put(r.filter(), r);
        if (old != null) {
            recentSize -= old.keys().length;
        }
        recentSize += r.keys().length;
        var it = recentResults.values().iterator();
        while (recentSize > RECENT_BUDGET && it.hasNext()) {
            Recent eldest = it.next();
            if (eldest == r) {
                break;
            }
            recentSize -= eldest.keys().length;
            it.remove();
        }
    }

    /** @return whether the query only lengthens the previous filter over the same keys */
    private boolean canNarrow(KeyStore.Snapshot s, ViewQuery q) {
        return prevFiltered != null && prevSortedUpTo == s.count() && prevServer == q.server()
                && q.filter().length() > prevFilter.length() && q.filter().startsWith(prevFilter);
    }

    private void extendNameOrder(KeyStore.Snapshot s) {
        int n = s.count();
        if (n == sortedUpTo) {
            return;
        }
        int[] fresh = new int[n - sortedUpTo];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = sortedUpTo + i;
        }
        IntSort.sort(fresh, 0, fresh.length, s::compare);
        nameOrder = sortedUpTo == 0 ? fresh : IntSort.merge(nameOrder, sortedUpTo, fresh, fresh.length, s::compare);
        sortedUpTo = n;
    }

    private void filter(KeyStore.Snapshot s, String filter, BooleanSupplier stale) {
        int n = s.count();
        if (matches.length < n) {
            matches = Arrays.copyOf(matches, Math.max(n, matches.length * 3 / 2));
        }
        FuzzyFilter f = new FuzzyFilter(filter);
        if (filter.equals(lastFilter)) {
            scan(s, f, matchedUpTo, n, stale);
        } else if (filter.startsWith(lastFilter) && matchList.length >= lastMatchCount) {
            int kept = 0;
            for (int i = 0; i < lastMatchCount; i++) {
                int k = matchList[i];
                if ((i & 0xffff) == 0 && stale.getAsBoolean()) {
                    invalidate();
                    throw new Cancelled();
                }
                boolean ok = f.matches(s.arena, s.keyStart(k), s.keyStart(k) + s.keyLength(k));
                matches[k] = (byte) (ok ? 1 : 0);
                if (ok) {
                    matchList[kept++] = k;
                }
            }
            lastMatchCount = kept;
            lastFilter = filter;
            scan(s, f, matchedUpTo, n, stale);
        } else {
            Arrays.fill(matches, 0, matchedUpTo, (byte) 0);
            lastMatchCount = 0;
            lastFilter = filter;
            scan(s, f, 0, n, stale);
        }
    }

    private void invalidate() {
        lastFilter = "\u0000invalid";
        lastMatchCount = 0;
        matchedUpTo = 0;
    }

    private void scan(KeyStore.Snapshot s, FuzzyFilter f, int from, int to, BooleanSupplier stale) {
        if (matchList.length < lastMatchCount + (to - from)) {
            matchList = Arrays.copyOf(matchList, Math.max(lastMatchCount + (to - from), matchList.length * 3 / 2));
        }
        for (int k = from; k < to; k++) {
            if ((k & 0xffff) == 0 && stale.getAsBoolean()) {
                invalidate();
                throw new Cancelled();
            }
            boolean ok = f.matches(s.arena, s.keyStart(k), s.keyStart(k) + s.keyLength(k));
            matches[k] = (byte) (ok ? 1 : 0);
            if (ok) {
                matchList[lastMatchCount++] = k;
            }
        }
        matchedUpTo = to;
    }

    /** @return the keys (given in name order) in the order asked, ties kept in name order */
    static int[] sorted(KeyStore.Snapshot s, int[] byName, int n, SortOrder order, boolean descending) {
        int[] out = Arrays.copyOf(byName, n);
        if (order == SortOrder.NAME) {
            if (descending) {
                for (int i = 0, j = n - 1; i < j; i++, j--) {
                    int t = out[i];
                    out[i] = out[j];
                    out[j] = t;
                }
            }
            return out;
        }
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            long primary = primary(s, byName[i], order);
            if (descending) {
                primary = Integer.MAX_VALUE - primary;
            }
            packed[i] = primary << 32 | i;
        }
        Arrays.sort(packed);
        for (int i = 0; i < n; i++) {
            out[i] = byName[(int) packed[i]];
        }
        return out;
    }

    /** @return the sort value, 0 to {@link Integer#MAX_VALUE} so that it packs above a 32-bit position */
    private static long primary(KeyStore.Snapshot s, int k, SortOrder order) {
        int v = switch (order) {
            case SIZE -> s.size(k);
            case TTL -> s.expiry(k) == KeyStore.NEVER ? Integer.MAX_VALUE : s.expiry(k);
            case ACCESS -> s.access(k);
            case NAME -> 0;
        };
        return Math.max(0, v);
    }

    /** Walks the name-ordered keys into tree rows: groups first (by name), then the leaves. */
    private static final class TreeWalk {
        final KeyStore.Snapshot s;
        final ViewQuery q;
        final int[] keys;
        final boolean expandAll;
        final boolean[] delimiter = new boolean[256];
        int[] rows = new int[64];
        byte[] depths = new byte[64];
        int count;
        final List<KeyView.Group> groups = new ArrayList<>();

        TreeWalk(KeyStore.Snapshot s, ViewQuery q, int[] keys, int n) {
            this.s = s;
            this.q = q;
            this.keys = keys;
            this.expandAll = !q.filter().isEmpty() && n <= ViewQuery.AUTO_EXPAND_MATCHES;
            for (char c : q.delimiters().toCharArray()) {
                if (c < 256) {
                    delimiter[c] = true;
                }
            }
        }

        void walk(int lo, int hi, int prefixLen, int depth) {
            int[] leaves = new int[16];
            int leafCount = 0;
            int i = lo;
            while (i < hi) {
                int k = keys[i];
                int start = s.keyStart(k);
                int len = s.keyLength(k);
                int d = -1;
                for (int p = prefixLen; p < len - 1; p++) {
                    if (delimiter[s.arena[start + p] & 0xff]) {
                        d = p;
                        break;
                    }
                }
                if (d < 0 || depth >= 120) {
                    if (leafCount == leaves.length) {
                        leaves = Arrays.copyOf(leaves, leafCount * 2);
                    }
                    leaves[leafCount++] = k;
                    i++;
                    continue;
                }
                int gl = d + 1;
                int j = endOfPrefix(i + 1, hi, start, gl);
                long bytes = 0;
                for (int x = i; x < j; x++) {
                    bytes += s.size(keys[x]);
                }
                String prefix = new String(s.arena, start, gl, java.nio.charset.StandardCharsets.UTF_8);
                boolean open = expandAll || q.expanded().contains(prefix);
                groups.add(new KeyView.Group(prefix, depth, j - i, bytes, open));
                add(-groups.size(), depth);
                if (open) {
                    walk(i, j, gl, depth + 1);
                }
                i = j;
            }
            int[] ordered = sorted(s, leaves, leafCount, q.sort(), q.descending());
            for (int x = 0; x < leafCount; x++) {
                add(ordered[x], depth);
            }
        }

        /** @return the first index in [from, hi) whose key does not start with the prefix, by binary search */
        private int endOfPrefix(int from, int hi, int prefixStart, int prefixLen) {
            int lo = from;
            int high = hi;
            while (lo < high) {
                int mid = (lo + high) >>> 1;
                if (startsWith(keys[mid], prefixStart, prefixLen)) {
                    lo = mid + 1;
                } else {
                    high = mid;
                }
            }
            return lo;
        }

        private boolean startsWith(int k, int prefixStart, int prefixLen) {
            return s.keyLength(k) >= prefixLen
                    && Arrays.equals(s.arena, s.keyStart(k), s.keyStart(k) + prefixLen, s.arena, prefixStart,
                    prefixStart + prefixLen);
        }

        private void add(int ref, int depth) {
            if (count == rows.length) {
                rows = Arrays.copyOf(rows, count * 2);
                depths = Arrays.copyOf(depths, count * 2);
            }
            rows[count] = ref;
            depths[count] = (byte) Math.min(depth, 127);
            count++;
        }
    }
}
