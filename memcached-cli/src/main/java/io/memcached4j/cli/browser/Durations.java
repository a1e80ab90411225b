package io.memcached4j.cli.browser;

/** Short human durations for narrow columns: {@code 45s}, {@code 12m}, {@code 3h}, {@code 2d}. */
final class Durations {
    private Durations() {
    }

    static String compact(long seconds) {
        if (seconds < 0) {
            return "-";
        }
        if (seconds < 100) {
            return seconds + "s";
        }
        if (seconds < 100 * 60) {
            return seconds / 60 + "m";
        }
        if (seconds < 48 * 3600) {
            return seconds / 3600 + "h";
        }
        if (seconds < 1000L * 86400) {
            return seconds / 86400 + "d";
        }
        return seconds / (365 * 86400) + "y";
    }
}
