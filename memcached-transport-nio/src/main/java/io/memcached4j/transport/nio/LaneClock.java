package io.memcached4j.transport.nio;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends the calls of blocking lanes at their deadlines: a plain lane writes and reads in blocking
 * mode, as a connection per thread does (two system calls a call, no selector), so nothing but
 * closing its channel ends a wait. The {@link Watchdog} asks {@link #expireOverdue} every
 * {@value Watchdog#PERIOD_MILLIS} ms while a lane waits, so a call fails at most that much after
 * its deadline, as the event loop's requests do by its ticks; it sleeps without a timer only when
 * no lane waits, and a lane that starts to wait wakes it ({@link #waiting}).
 */
final class LaneClock {
    private final Set<Lane> lanes = ConcurrentHashMap.newKeySet();
    /** The watchdog's thread while it sleeps without a timer; null otherwise. */
    private volatile Thread sleeper;

    /** A lane opened in blocking mode; it is watched until {@link #closed}. */
    void opened(Lane lane) {
        lanes.add(lane);
    }

    void closed(Lane lane) {
        lanes.remove(lane);
    }

    /** Called after a lane armed its deadline: wakes the watchdog when it sleeps without a timer. */
    void waiting() {
        Thread t = sleeper;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Tells whether the watchdog may sleep without a timer for the lanes: none waits. Marks the
     * calling thread as the sleeper first, so a lane that arms after the check wakes it.
     *
     * @return false when a lane waits (the sleeper mark is cleared then)
     */
    boolean maySleepUntimed(Thread watchdog) {
        sleeper = watchdog;
        for (Lane lane : lanes) {
            if (lane.waits()) {
                sleeper = null;
                return false;
            }
        }
        return true;
    }

    /** The watchdog woke up. */
    void awake() {
        sleeper = null;
    }

    /** Ends the waits of the lanes whose deadline has come, by closing their channels. */
    void expireOverdue(long now) {
        for (Lane lane : lanes) {
            lane.expireIfOverdue(now);
        }
    }
}
