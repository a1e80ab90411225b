package io.memcached4j.cli.format;

import java.util.List;

/** One rendered line: spans of styled text, without a line break. */
public record StyledLine(List<Span> spans) {
    public StyledLine {
        spans = List.copyOf(spans);
    }

    /** A line of plain text. */
    public static StyledLine plain(String text) {
        return new StyledLine(List.of(new Span(text, Style.PLAIN)));
    }

    /** @return the line's text without styles */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Span s : spans) {
            sb.append(s.text());
        }
        return sb.toString();
    }
}
