package io.memcached4j.cli.browser;

/** What the key list is sorted by. */
enum SortOrder {
    NAME("name"), SIZE("size"), TTL("TTL"), ACCESS("last access");

    final String label;

    SortOrder(String label) {
        this.label = label;
    }

    SortOrder next() {
        return values()[(ordinal() + 1) % values().length];
    }
}
