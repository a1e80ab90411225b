package io.memcached4j.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;

/** Reads the meters the tests look at, whichever kind the binding made (a timer or a function timer, say). */
final class Meters {
    private Meters() {
    }

    /** @return a counter's or a timer's count; 0 for no meter */
    static double count(Meter meter) {
        if (meter == null) {
            return 0;
        } else if (meter instanceof Counter c) {
            return c.count();
        } else if (meter instanceof FunctionCounter c) {
            return c.count();
        } else if (meter instanceof Timer t) {
            return t.count();
        } else if (meter instanceof FunctionTimer t) {
            return t.count();
        }
        throw new AssertionError("not a counter nor a timer: " + meter.getId());
    }
}
