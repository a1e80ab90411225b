package io.memcached4j.testkit.internal.server;

import io.memcached4j.testkit.FakeMemcached;

/** Lets tests in other packages build a fake from memcached's flags, as the standalone jar does. */
public final class StandaloneMainAccess {
    private StandaloneMainAccess() {
    }

    /**
     * @param args memcached's flags
     * @return the builder the standalone jar would start
     */
    public static FakeMemcached.Builder parse(String... args) {
        return StandaloneMain.parse(args, System.out);
    }
}
