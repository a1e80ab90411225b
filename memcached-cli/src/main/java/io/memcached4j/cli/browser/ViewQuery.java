package io.memcached4j.cli.browser;

import java.util.Objects;
import java.util.Set;

/**
 * What the key list should show: the filter, the order, tree or flat, the delimiters a tree splits on,
 * the groups open in the tree, and the server shown (-1 for all).
 */
record ViewQuery(String filter, SortOrder sort, boolean descending, boolean tree, String delimiters,
                 Set<String> expanded, int server) {
    /** Below this many matches a filtered tree opens every group. */
    static final int AUTO_EXPAND_MATCHES = 2000;

    ViewQuery {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(sort, "sort");
        Objects.requireNonNull(delimiters, "delimiters");
        expanded = Set.copyOf(expanded);
    }

    static ViewQuery initial() {
        return new ViewQuery("", SortOrder.NAME, false, true, ":/.", Set.of(), -1);
    }

    ViewQuery withFilter(String f) {
        return new ViewQuery(f, sort, descending, tree, delimiters, expanded, server);
    }

    ViewQuery withSort(SortOrder s, boolean desc) {
        return new ViewQuery(filter, s, desc, tree, delimiters, expanded, server);
    }

    ViewQuery withTree(boolean t) {
        return new ViewQuery(filter, sort, descending, t, delimiters, expanded, server);
    }

    ViewQuery withDelimiters(String d) {
        return new ViewQuery(filter, sort, descending, tree, d, expanded, server);
    }

    ViewQuery withExpanded(Set<String> e) {
        return new ViewQuery(filter, sort, descending, tree, delimiters, e, server);
    }

    ViewQuery withServer(int s) {
        return new ViewQuery(filter, sort, descending, tree, delimiters, expanded, s);
    }
}
