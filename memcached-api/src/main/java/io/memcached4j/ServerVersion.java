package io.memcached4j;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * A memcached release number such as {@code 1.6.22} or {@code 1.4.31-beta}.
 *
 * <p>Versions order by major, minor and patch number, and a pre-release ({@code 1.6.0-beta})
 * comes before its release ({@code 1.6.0}). {@link #isAtLeast} compares the numbers only: a
 * {@code 1.4.31-beta} server has what 1.4.31 has.
 *
 * @param major the major number
 * @param minor the minor number
 * @param patch the patch number, 0 when the version had only two parts
 * @param qualifier what followed the numbers ({@code beta} in {@code 1.4.31-beta}), empty when none
 */
public record ServerVersion(int major, int minor, int patch, String qualifier) implements Comparable<ServerVersion> {
    /** The first release with {@code lru_crawler metadump}: 1.4.31. */
    public static final ServerVersion MIN_METADUMP = new ServerVersion(1, 4, 31, "");

    private static final Comparator<ServerVersion> ORDER = Comparator.comparingInt(ServerVersion::major)
            .thenComparingInt(ServerVersion::minor)
            .thenComparingInt(ServerVersion::patch)
            .thenComparing(v -> v.qualifier().isEmpty())
            .thenComparing(ServerVersion::qualifier);

    /**
     * Validates the components.
     *
     * @param major the major number
     * @param minor the minor number
     * @param patch the patch number
     * @param qualifier the qualifier
     */
    public ServerVersion {
        Objects.requireNonNull(qualifier, "qualifier");
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers must not be negative");
        }
    }

    /**
     * Parses a version as {@link #parse} does, for text that may not be one.
     *
     * @param text the version text
     * @return the version, or empty when the text is not a version
     */
    public static Optional<ServerVersion> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses a version as a server reports it: {@code 1.6.22}, {@code 1.4.31-beta}, {@code 1.4},
     * with surrounding whitespace ignored. A leading {@code VERSION } (the reply line) is accepted.
     *
     * @param text the version text
     * @return the version
     * @throws IllegalArgumentException when the text is not a version, quoting it
     */
    public static ServerVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        if (s.startsWith("VERSION ")) {
            s = s.substring("VERSION ".length()).strip();
        }
        int[] numbers = new int[3];
        int count = 0;
        int i = 0;
        while (true) {
            int start = i;
            long value = 0;
            while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 0x80) {
                value = value * 10 + (s.charAt(i) - '0');
                if (value > Integer.MAX_VALUE) {
                    throw bad(text, "a number is too large");
                }
                i++;
            }
            if (i == start) {
                throw bad(text, "expected a number at position " + i);
            }
            numbers[count++] = (int) value;
            if (count == 3 || i >= s.length() || s.charAt(i) != '.') {
                break;
            }
            i++;
        }
        if (count < 2) {
            throw bad(text, "expected at least major.minor");
        }
        String qualifier = "";
        if (i < s.length()) {
            char sep = s.charAt(i);
            if (sep != '-' && sep != '+' && sep != '_' && sep != '~') {
                throw bad(text, "unexpected '" + sep + "' after the version numbers");
            }
            qualifier = s.substring(i + 1);
            if (qualifier.isEmpty() || qualifier.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw bad(text, "bad qualifier after '" + sep + "'");
            }
        }
        return new ServerVersion(numbers[0], numbers[1], numbers[2], qualifier);
    }

    private static IllegalArgumentException bad(String text, String why) {
        String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return new IllegalArgumentException("not a memcached version: \"" + shown + "\" (" + why + ")");
    }

    /**
     * Tells whether this release is the given one or later, comparing numbers only.
     *
     * @param other the version to compare with
     * @return true when major.minor.patch is at least the other's
     */
    public boolean isAtLeast(ServerVersion other) {
        return new ServerVersion(major, minor, patch, "").compareTo(new ServerVersion(other.major, other.minor, other.patch, "")) >= 0;
    }

    /**
     * Tells whether this release has {@code lru_crawler metadump}, that is, is at least {@link #MIN_METADUMP}.
     *
     * @return true from 1.4.31 on
     */
    public boolean supportsMetadump() {
        return isAtLeast(MIN_METADUMP);
    }

    @Override
    public int compareTo(ServerVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (qualifier.isEmpty() ? "" : "-" + qualifier);
    }
}
