package io.memcached4j.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** The keys every workload draws from and the one value every set stores. */
final class KeySpace {
    private final String[] keys;
    /** Every key twice in a row, so that a window of consecutive keys never wraps. */
    private final List<String> doubled;
    private final byte[] value;

    KeySpace(int count, int valueSize) {
        this(count, valueSize, "");
    }

    /**
     * @param tag a tag in every key ({@code bench-<tag>:000042}), so that clients sharing a server
     *     (taking turns) never read each other's values, which a peer's transcoder may decode as
     *     another type; empty for none ({@code bench:000042})
     */
    KeySpace(int count, int valueSize, String tag) {
        if (count < 1 || valueSize < 1) {
            throw new IllegalArgumentException("need at least one key and one value byte");
        }
        keys = new String[count];
        List<String> twice = new ArrayList<>(2 * count);
        for (int i = 0; i < count; i++) {
            String digits = Integer.toString(i);
            keys[i] = (tag.isEmpty() ? "bench:" : "bench-" + tag + ":") + "000000".substring(Math.min(6, digits.length())) + digits;
        }
        Collections.addAll(twice, keys);
        Collections.addAll(twice, keys);
        doubled = Collections.unmodifiableList(twice);
        value = new byte[valueSize];
        Random random = new Random(42);
        for (int i = 0; i < valueSize; i++) {
            value[i] = (byte) ('a' + random.nextInt(26));
        }
    }

    /** Stores every key with the client under test, so that it reads back values it encoded itself. */
    void prefill(LoadClient client) throws Exception {
        for (String key : keys) {
            client.set(key, value);
        }
    }

    int size() {
        return keys.length;
    }

    String key(int index) {
        return keys[index];
    }

    String randomKey() {
        return keys[ThreadLocalRandom.current().nextInt(keys.length)];
    }

    /** {@code count} distinct consecutive keys from a random start. */
    List<String> randomWindow(int count) {
        if (count > keys.length) {
            throw new IllegalArgumentException("a window of " + count + " keys needs at least as many keys");
        }
        int start = ThreadLocalRandom.current().nextInt(keys.length);
        return doubled.subList(start, start + count);
    }

    /** The value to store; shared, never modified. */
    byte[] value() {
        return value;
    }

    int valueSize() {
        return value.length;
    }
}
