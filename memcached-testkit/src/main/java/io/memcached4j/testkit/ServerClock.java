package io.memcached4j.testkit;

/**
 * The wall clock a {@link FakeMemcached} reads, in whole seconds like memcached's. Inject a
 * {@link ManualClock} to move time in tests without sleeping.
 */
@FunctionalInterface
public interface ServerClock {

    /** @return the current Unix time in seconds */
    long epochSecond();

    /**
     * The system clock.
     *
     * @return a clock reading {@link System#currentTimeMillis()}
     */
    static ServerClock system() {
        return () -> System.currentTimeMillis() / 1000;
    }
}
