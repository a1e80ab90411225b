package io.memcached4j.cli.browser;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A fuzzy key filter: a key matches when it holds the query's characters in order (a subsequence),
 * ignoring ASCII case. A key matching a query also matches every prefix of it, which lets the filter
 * narrow the previous result on each added character instead of scanning every key again.
 */
final class FuzzyFilter {
    private final byte[] query;

    FuzzyFilter(String query) {
        this.query = query.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    }

    boolean isEmpty() {
        return query.length == 0;
    }

    /** @return whether the bytes {@code [from, to)} of the arena hold the query as a subsequence */
    boolean matches(byte[] arena, int from, int to) {
        int q = 0;
        int n = query.length;
        if (n == 0) {
            return true;
        }
        byte want = query[0];
        for (int i = from; i < to && to - i >= n - q; i++) {
            byte c = arena[i];
            if (c >= 'A' && c <= 'Z') {
                c = (byte) (c + 32);
            }
            if (c == want) {
                if (++q == n) {
                    return true;
                }
                want = query[q];
            }
        }
        return false;
    }

    boolean matches(String key) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        return matches(b, 0, b.length);
    }

    /** @return for each char of the key, whether it is one of the matched characters (first match, greedy) */
    boolean[] highlights(String key) {
        boolean[] marks = new boolean[key.length()];
        String lower = key.toLowerCase(Locale.ROOT);
        String q = new String(query, StandardCharsets.UTF_8);
        int qi = 0;
        for (int i = 0; i < lower.length() && qi < q.length(); i++) {
            if (lower.charAt(i) == q.charAt(qi)) {
                marks[i] = true;
                qi++;
            }
        }
        return qi == q.length() ? marks : new boolean[key.length()];
    }
}
