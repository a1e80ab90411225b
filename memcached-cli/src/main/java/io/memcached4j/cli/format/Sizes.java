package io.memcached4j.cli.format;

import java.util.Locale;

/** Human-readable byte counts. */
public final class Sizes {
    private Sizes() {
    }

    /** @return bytes as {@code 512 B}, {@code 1.5 KB}, {@code 3.2 MB} or {@code 1.1 GB} (powers of 1024) */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int unit = -1;
        while (v >= 1024 && unit < units.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[unit]);
    }
}
