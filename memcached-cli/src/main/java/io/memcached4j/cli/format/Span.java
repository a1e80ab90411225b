package io.memcached4j.cli.format;

import java.util.Objects;

/** A run of text with one style. */
public record Span(String text, Style style) {
    public Span {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(style, "style");
    }
}
