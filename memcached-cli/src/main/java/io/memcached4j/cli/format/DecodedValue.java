package io.memcached4j.cli.format;

import java.util.Objects;

/**
 * A value with its format detected: the bytes as stored, the compression found, the content after
 * decompression, and what that content is. Made by {@link ValueDecoder#decode(byte[])}.
 *
 * @param raw the bytes as stored
 * @param compression the compression detected and undone ({@link Compression#NONE} when none)
 * @param content the bytes after decompression (the raw bytes when none or when inflating failed)
 * @param kind what the content is
 * @param note a remark for the user, e.g. why decompression failed; empty when none
 */
public record DecodedValue(byte[] raw, Compression compression, byte[] content, ContentKind kind, String note) {
    public DecodedValue {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(note, "note");
    }

    /** @return a one-line description such as {@code json, gzip 120 B -> 410 B} */
    public String describe() {
        StringBuilder sb = new StringBuilder(kind.name().toLowerCase(java.util.Locale.ROOT));
        if (compression != Compression.NONE) {
            sb.append(", ").append(compression.name().toLowerCase(java.util.Locale.ROOT)).append(' ')
                    .append(Sizes.format(raw.length)).append(" -> ").append(Sizes.format(content.length));
        } else {
            sb.append(", ").append(Sizes.format(raw.length));
        }
        if (!note.isEmpty()) {
            sb.append(" (").append(note).append(')');
        }
        return sb.toString();
    }
}
