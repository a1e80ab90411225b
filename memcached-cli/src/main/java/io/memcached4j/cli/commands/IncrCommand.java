package io.memcached4j.cli.commands;

import io.memcached4j.MemcachedClient;
import io.memcached4j.cli.Io;
import picocli.CommandLine.Command;

import java.util.OptionalLong;

/** {@code incr}: adds to a counter (wrapping at 2^64). */
@Command(name = "incr", mixinStandardHelpOptions = true,
        description = {"Add to a counter and print its new value (unsigned 64-bit, wraps at 2^64).",
            "Exit code 1 when the key is absent."})
public final class IncrCommand extends ArithmeticCommand {
    IncrCommand(Io io) {
        super(io);
    }

    @Override
    OptionalLong apply(MemcachedClient client, String key, long delta) {
        return client.increment(key, delta);
    }
}
