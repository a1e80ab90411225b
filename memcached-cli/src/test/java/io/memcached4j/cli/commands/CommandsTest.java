package io.memcached4j.cli.commands;

import io.memcached4j.testkit.FakeMemcached;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The command session against the embedded fake. */
class CommandsTest extends CommandsContract {
    private static FakeMemcached fake;

    @BeforeAll
    static void start() {
        fake = FakeMemcached.start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Override
    String servers() {
        return fake.address().toString();
    }
}
