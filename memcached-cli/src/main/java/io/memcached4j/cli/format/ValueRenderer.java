package io.memcached4j.cli.format;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Renders a decoded value as styled lines: JSON pretty-printed and highlighted, text, or a hex dump. */
public final class ValueRenderer {
    private static final int HEX_PER_LINE = 16;
    private static final String INDENT = "  ";

    private ValueRenderer() {
    }

    /** @return the mode {@link ViewMode#AUTO} stands for with this value */
    public static ViewMode effectiveMode(DecodedValue value, ViewMode mode) {
        if (mode != ViewMode.AUTO) {
            return mode;
        }
        return switch (value.kind()) {
            case JSON -> ViewMode.JSON;
            case BINARY -> ViewMode.HEX;
            case TEXT, EMPTY -> ViewMode.TEXT;
        };
    }

    /** @return the value's lines in the mode given */
    public static List<StyledLine> render(DecodedValue value, ViewMode mode) {
        return switch (effectiveMode(value, mode)) {
            case JSON -> json(value.content());
            case HEX -> hex(value.content());
            case RAW -> hex(value.raw());
            default -> text(value.content());
        };
    }

    /** @return the bytes as text lines, tabs expanded and control characters shown as a middle dot */
    public static List<StyledLine> text(byte[] content) {
        String s = new String(content, StandardCharsets.UTF_8);
        List<StyledLine> lines = new ArrayList<>();
        for (String line : s.split("\r?\n", -1)) {
            lines.add(StyledLine.plain(printable(line)));
        }
        if (lines.size() > 1 && lines.get(lines.size() - 1).text().isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    static String printable(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                sb.append("    ", 0, 4 - sb.length() % 4);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append('\u00b7');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** @return the JSON pretty-printed with two-space indents and styled tokens; as text when it does not parse */
    public static List<StyledLine> json(byte[] content) {
        JsonNode root;
        try {
            root = ValueDecoder.MAPPER.readTree(content);
        } catch (IOException e) {
            root = null;
        }
        if (root == null) {
            List<StyledLine> lines = new ArrayList<>();
            lines.add(new StyledLine(List.of(new Span("(not valid JSON; shown as text)", Style.DIM))));
            lines.addAll(text(content));
            return lines;
        }
        JsonLines out = new JsonLines();
        out.value(root, 0, "", "");
        return out.lines;
    }

    private static final class JsonLines {
        final List<StyledLine> lines = new ArrayList<>();

        void value(JsonNode node, int depth, String prefixKey, String suffix) {
            List<Span> head = new ArrayList<>();
            head.add(new Span(INDENT.repeat(depth), Style.PLAIN));
            if (!prefixKey.isEmpty()) {
                head.add(new Span(prefixKey, Style.KEY));
                head.add(new Span(": ", Style.PUNCTUATION));
            }
            if (node.isObject() || node.isArray()) {
                boolean object = node.isObject();
                if (node.isEmpty()) {
                    head.add(new Span(object ? "{}" : "[]", Style.PUNCTUATION));
                    head.add(new Span(suffix, Style.PUNCTUATION));
                    lines.add(new StyledLine(head));
                    return;
                }
                head.add(new Span(object ? "{" : "[", Style.PUNCTUATION));
                lines.add(new StyledLine(head));
                if (object) {
                    Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> e = it.next();
                        value(e.getValue(), depth + 1, quote(e.getKey()), it.hasNext() ? "," : "");
                    }
                } else {
                    for (int i = 0; i < node.size(); i++) {
                        value(node.get(i), depth + 1, "", i + 1 < node.size() ? "," : "");
                    }
                }
                lines.add(new StyledLine(List.of(new Span(INDENT.repeat(depth), Style.PLAIN),
                        new Span((object ? "}" : "]") + suffix, Style.PUNCTUATION))));
                return;
            }
            Style style = node.isTextual() ? Style.STRING
                    : node.isNumber() ? Style.NUMBER : Style.LITERAL;
            head.add(new Span(node.isTextual() ? quote(node.textValue()) : node.toString(), style));
            head.add(new Span(suffix, Style.PUNCTUATION));
            lines.add(new StyledLine(head));
        }

        private static String quote(String s) {
            try {
                return ValueDecoder.MAPPER.writeValueAsString(s);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** @return a classic hex dump: offset, 16 bytes in hex, and their printable ASCII */
    public static List<StyledLine> hex(byte[] b) {
        List<StyledLine> lines = new ArrayList<>(b.length / HEX_PER_LINE + 1);
        for (int off = 0; off < b.length; off += HEX_PER_LINE) {
            StringBuilder hex = new StringBuilder(HEX_PER_LINE * 3 + 1);
            StringBuilder ascii = new StringBuilder(HEX_PER_LINE);
            for (int i = 0; i < HEX_PER_LINE; i++) {
                if (i == 8) {
                    hex.append(' ');
                }
                if (off + i < b.length) {
                    int v = b[off + i] & 0xff;
                    hex.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16)).append(' ');
                    ascii.append(v >= 0x20 && v < 0x7f ? (char) v : '.');
                } else {
                    hex.append("   ");
                }
            }
            lines.add(new StyledLine(List.of(new Span(String.format("%08x  ", off), Style.OFFSET),
                    new Span(hex.toString(), Style.PLAIN), new Span("|" + ascii + "|", Style.STRING))));
        }
        if (lines.isEmpty()) {
            lines.add(new StyledLine(List.of(new Span("(empty value)", Style.DIM))));
        }
        return lines;
    }
}
