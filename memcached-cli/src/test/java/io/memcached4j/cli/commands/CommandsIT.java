package io.memcached4j.cli.commands;

import io.memcached4j.process.MemcachedProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The command session against a real memcached 1.6.18. */
class CommandsIT extends CommandsContract {
    private static MemcachedProcess memcached;

    @BeforeAll
    static void start() {
        memcached = MemcachedProcess.start();
    }

    @AfterAll
    static void stop() {
        memcached.stop();
    }

    @Override
    String servers() {
        return memcached.address().toString();
    }
}
