package io.memcached4j.benchmarks.soak;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Values that name their key: {@code key#seed#length#payload}, the payload a function of the seed,
 * so a value can be checked against the key it was read under, whole (a truncated, spliced or
 * foreign value fails the check).
 */
final class SoakValues {
    private SoakValues() {
    }

    /**
     * Makes a value for a key.
     *
     * @param key the key
     * @param seed any number; it picks the payload
     * @param payloadLength the payload's length
     * @return the value
     */
    static byte[] make(String key, long seed, int payloadLength) {
        byte[] head = (key + "#" + seed + "#" + payloadLength + "#").getBytes(StandardCharsets.UTF_8);
        byte[] value = Arrays.copyOf(head, head.length + payloadLength);
        fill(seed, value, head.length, payloadLength);
        return value;
    }

    /**
     * Tells whether a value is one {@link #make} made for this key.
     *
     * @param key the key it was read under
     * @param value the value read
     * @return true when it names the key and its payload is intact
     */
    static boolean isValueOf(String key, byte[] value) {
        byte[] prefix = (key + "#").getBytes(StandardCharsets.UTF_8);
        if (value == null || value.length < prefix.length
                || !Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length)) {
            return false;
        }
        String rest = new String(value, prefix.length, Math.min(48, value.length - prefix.length), StandardCharsets.ISO_8859_1);
        String[] parts = rest.split("#", 3);
        if (parts.length < 3) {
            return false;
        }
        try {
            long seed = Long.parseLong(parts[0]);
            int length = Integer.parseInt(parts[1]);
            int start = prefix.length + parts[0].length() + parts[1].length() + 2;
            if (value.length != start + length) {
                return false;
            }
            byte[] expected = new byte[length];
            fill(seed, expected, 0, length);
            return Arrays.equals(value, start, value.length, expected, 0, length);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void fill(long seed, byte[] into, int offset, int length) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            into[offset + i] = (byte) ('a' + random.nextInt(26));
        }
    }
}
