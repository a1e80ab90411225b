package io.memcached4j.cli.demo;

import io.memcached4j.cli.CliRunner;
import io.memcached4j.cli.CliRunner.Result;
import io.memcached4j.cli.ExitCodes;
import io.memcached4j.testkit.process.MemcachedProcess;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A dump of the demo, loaded into a real memcached 1.6.18 and dumped again, is the same, byte for byte. */
class DemoDumpIT {

    @Test
    void theDemoDumpSurvivesARealMemcached() {
        Result dump = CliRunner.with("--demo", "--timeout", "10").run("dump");
        assertEquals(ExitCodes.OK, dump.code(), dump::toString);
        assertEquals(DemoData.items().size(), dump.lines().size());
        try (MemcachedProcess memcached = MemcachedProcess.start()) {
            CliRunner real = CliRunner.with("--servers", memcached.address().toString(), "--timeout", "10");
            Result load = real.stdin(dump.stdout()).run("load");
            assertEquals(ExitCodes.OK, load.code(), load::toString);
            assertEquals(DemoData.items().size(), real.run("keys").lines().size(), "the hash walk lists every key");
            Result again = real.run("dump");
            assertEquals(ExitCodes.OK, again.code(), again::toString);
            assertArrayEquals(dump.stdout(), again.stdout());
        }
    }
}
