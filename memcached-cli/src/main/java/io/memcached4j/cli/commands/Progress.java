package io.memcached4j.cli.commands;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line counter on stderr ({@code dumped 12,345 keys…}), redrawn at most five times a second
 * and erased when done; silent unless enabled (stderr is a terminal that nothing else writes to).
 */
final class Progress implements AutoCloseable {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream err;
    private final boolean enabled;
    private final String verb;
    private final LongSupplier nanoTime;
    private long count;
    private long lastDrawn;
    private boolean drawn;

    Progress(PrintStream err, boolean enabled, String verb) {
        this(err, enabled, verb, System::nanoTime);
    }

    Progress(PrintStream err, boolean enabled, String verb, LongSupplier nanoTime) {
        this.err = err;
        this.enabled = enabled;
        this.verb = verb;
        this.nanoTime = nanoTime;
        this.lastDrawn = nanoTime.getAsLong();
    }

    /** Counts one more. */
    void step() {
        count++;
        if (enabled && (count & 255) == 0) {
            long now = nanoTime.getAsLong();
            if (now - lastDrawn >= REDRAW_NANOS) {
                lastDrawn = now;
                drawn = true;
                err.print(String.format(Locale.ROOT, "\r%s %,d keys\u2026", verb, count));
                err.flush();
            }
        }
    }

    /** @return how many were counted */
    long count() {
        return count;
    }

    /** Erases the line. */
    @Override
    public void close() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
