package io.memcached4j.cli.format;

/** What a piece of rendered text is, so a theme can colour it. */
public enum Style {
    PLAIN, KEY, STRING, NUMBER, LITERAL, PUNCTUATION, OFFSET, DIM
}
