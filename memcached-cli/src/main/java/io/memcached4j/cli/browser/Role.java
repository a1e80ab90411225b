package io.memcached4j.cli.browser;

/** What a piece of the screen is, so the theme can colour it. */
enum Role {
    NORMAL, TITLE, SELECTED, DIM, ACCENT, WARN, ERROR, GROUP, MATCH, DEMO,
    KEY, STRING, NUMBER, LITERAL, PUNCTUATION, OFFSET
}
