package io.memcached4j.cli.commands;

import io.memcached4j.MemcachedClient;
import io.memcached4j.cli.ExitCodes;
import io.memcached4j.cli.Io;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Parameters;

import java.util.OptionalLong;

/** {@code incr} and {@code decr}: change a counter and print its new value. */
abstract class ArithmeticCommand extends TargetCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "The counter's key; its value is a decimal number.")
    String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DELTA",
            description = "The amount, 0 to 18446744073709551615 (default 1).")
    String delta = "1";

    ArithmeticCommand(Io io) {
        super(io);
    }

    /** Applies the delta. @return the new value, or empty when the key is absent */
    abstract OptionalLong apply(MemcachedClient client, String key, long delta);

    @Override
    final int run(Target target) {
        long amount;
        try {
            amount = Long.parseUnsignedLong(delta);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DELTA must be a whole number from 0 to 18446744073709551615, was \""
                    + delta + "\"", e);
        }
        long value = apply(target.client(), key, amount).orElseThrow(() -> GetCommand.miss(key));
        io.out().println(Long.toUnsignedString(value));
        return ExitCodes.OK;
    }
}
