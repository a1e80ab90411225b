package io.memcached4j.testkit.internal.server;

import io.memcached4j.protocol.text.server.MemcachedNumbers;
import io.memcached4j.protocol.text.server.ReplyWriter;
import io.memcached4j.testkit.ServerClock;

/**
 * memcached's notion of time: {@code current_time}, seconds since the (fake) process start, read
 * from a {@link ServerClock} and moved by {@code debugtime}; and the conversion of a client's
 * expiration time. Guarded by the engine's lock.
 */
final class ProcessTime {
    static final int REALTIME_MAXDELTA = 60 * 60 * 24 * 30;
    static final int ITEM_UPDATE_INTERVAL = 60;

    private final ServerClock clock;
    private final long processStarted;
    private long timeOffset;
    private Long pausedAt;

    ProcessTime(ServerClock clock) {
        this.clock = clock;
        this.processStarted = clock.epochSecond() - ITEM_UPDATE_INTERVAL - 2;
    }

    /** @return memcached's {@code current_time}: seconds since the (fake) process start */
    long now() {
        if (pausedAt != null) {
            return pausedAt;
        }
        return clock.epochSecond() - processStarted + timeOffset;
    }

    /** @return the epoch second the (fake) process started at */
    long processStarted() {
        return processStarted;
    }

    /** memcached's {@code realtime(EXPTIME_TO_POSITIVE_TIME(exptime))}. */
    long realtime(long exptime) {
        if (exptime < 0) {
            exptime = REALTIME_MAXDELTA + 1;
        }
        if (exptime == 0) {
            return 0;
        }
        if (exptime > REALTIME_MAXDELTA) {
            return exptime <= processStarted ? 1 : exptime - processStarted;
        }
        return exptime + now();
    }

    /** memcached's debug build's {@code debugtime}: {@code p} pauses, {@code r} resumes, a number shifts. */
    void debugTime(String argument, ReplyWriter out) {
        switch (argument) {
            case "p" -> pausedAt = pausedAt == null ? now() : pausedAt;
            case "r" -> {
                if (pausedAt != null) {
                    timeOffset += pausedAt - (clock.epochSecond() - processStarted + timeOffset);
                    pausedAt = null;
                }
            }
            default -> {
                Long delta = MemcachedNumbers.parseSigned64(argument);
                if (delta == null) {
                    out.line("ERROR");
                    return;
                }
                timeOffset += delta;
                if (pausedAt != null) {
                    pausedAt += delta;
                }
            }
        }
        out.line("OK");
    }
}
