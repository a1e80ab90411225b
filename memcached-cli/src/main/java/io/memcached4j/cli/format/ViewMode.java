package io.memcached4j.cli.format;

/** How the value viewer shows a value: as detected, or forced to one rendering. */
public enum ViewMode {
    /** The detected format after decompression. */
    AUTO,
    /** Plain text (after decompression). */
    TEXT,
    /** JSON pretty-printed, when the content parses. */
    JSON,
    /** Hex dump of the content after decompression. */
    HEX,
    /** Hex dump of the bytes as stored. */
    RAW;

    /** @return the next mode, in the order the viewer cycles through them */
    public ViewMode next() {
        ViewMode[] all = values();
        return all[(ordinal() + 1) % all.length];
    }
}
