package io.memcached4j.cli.format;

/** What a value holds once decompressed. */
public enum ContentKind {
    EMPTY, JSON, TEXT, BINARY
}
