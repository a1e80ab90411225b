package io.memcached4j.cli.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Utf8;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Detects what a value holds: undoes gzip, zlib or zstd, then tells JSON, text and binary apart. */
public final class ValueDecoder {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ValueDecoder() {
    }

    /** @return the value decoded; never throws, a value that cannot be inflated is shown as stored */
    public static DecodedValue decode(byte[] raw) {
        Compression compression = Compression.detect(raw);
        byte[] content = raw;
        String note = "";
        if (compression != Compression.NONE) {
            try {
                content = compression.decompress(raw);
                if (content.length >= Compression.MAX_INFLATED) {
                    note = "shown up to " + Sizes.format(Compression.MAX_INFLATED);
                }
            } catch (IOException | RuntimeException e) {
                note = "looks like " + compression.name().toLowerCase(java.util.Locale.ROOT) + " but does not inflate";
                compression = Compression.NONE;
                content = raw;
            }
        }
        return new DecodedValue(raw, compression, content, kindOf(content), note);
    }

    /** @return what the bytes are: empty, a JSON object or array, UTF-8 text, or binary */
    public static ContentKind kindOf(byte[] content) {
        if (content.length == 0) {
            return ContentKind.EMPTY;
        }
        String text = utf8(content).orElse(null);
        if (text == null || !isMostlyPrintable(text)) {
            return ContentKind.BINARY;
        }
        String trimmed = text.strip();
        if ((trimmed.startsWith("{") && trimmed.endsWith("}")) || (trimmed.startsWith("[") && trimmed.endsWith("]"))) {
            if (isJson(content)) {
                return ContentKind.JSON;
            }
        }
        return ContentKind.TEXT;
    }

    static boolean isJson(byte[] content) {
        try (JsonParser p = MAPPER.getFactory().createParser(content)) {
            while (p.nextToken() != null) {
                // reads every token; a syntax error throws
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads bytes as text only when they are well-formed UTF-8 (no malformed, overlong or surrogate
     * sequence), so the text turns back into the same bytes.
     *
     * @param b the bytes
     * @return the text, or empty when the bytes are not well-formed UTF-8
     */
    public static Optional<String> utf8(byte[] b) {
        return Utf8.isWellFormed(b) ? Optional.of(new String(b, StandardCharsets.UTF_8)) : Optional.empty();
    }

    private static boolean isMostlyPrintable(String s) {
        int control = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f) {
                control++;
            }
        }
        return control * 20 <= s.length() && s.indexOf('\0') < 0;
    }
}
