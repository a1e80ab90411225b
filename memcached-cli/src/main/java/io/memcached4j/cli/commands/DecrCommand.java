package io.memcached4j.cli.commands;

import io.memcached4j.MemcachedClient;
import io.memcached4j.cli.Io;
import picocli.CommandLine.Command;

import java.util.OptionalLong;

/** {@code decr}: subtracts from a counter (stopping at 0). */
@Command(name = "decr", mixinStandardHelpOptions = true,
        description = {"Subtract from a counter and print its new value (memcached stops at 0).",
            "Exit code 1 when the key is absent."})
public final class DecrCommand extends ArithmeticCommand {
    DecrCommand(Io io) {
        super(io);
    }

    @Override
    OptionalLong apply(MemcachedClient client, String key, long delta) {
        return client.decrement(key, delta);
    }
}
