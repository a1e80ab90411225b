package io.memcached4j.cli.demo;

import io.memcached4j.process.MemcachedProcess;
import org.junit.jupiter.api.Test;

/** A dump of the demo, loaded into a real memcached 1.6.18 and dumped again, is the same, byte for byte. */
class DemoDumpIT {

    @Test
    void theDemoDumpSurvivesARealMemcached() {
        try (MemcachedProcess memcached = MemcachedProcess.start()) {
            DemoCommandsTest.assertTheDemoDumpSurvives(memcached.address().toString());
        }
    }
}
