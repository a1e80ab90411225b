package io.memcached4j.cli.commands;

import io.memcached4j.Item;
import io.memcached4j.cli.ExitCodes;
import io.memcached4j.cli.Io;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code set}: stores a value from the argument or from stdin. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Store a value.", "Stores the VALUE argument (as UTF-8), or standard input read to its end, byte for byte,"
                + " when VALUE is absent or -."})
public final class SetCommand extends TargetCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "The value; absent or - reads stdin.")
    String value;

    @Option(names = {"-t", "--ttl"}, paramLabel = "SECONDS",
            description = "Expiration: seconds from now (up to 30 days), or a Unix time; 0 never (default).")
    int ttl;

    @Option(names = {"-F", "--flags"}, paramLabel = "N", description = "Client flags, 0 to 4294967295 (default 0).")
    long flags;

    SetCommand(Io io) {
        super(io);
    }

    @Override
    int run(Target target) throws IOException {
        if (ttl < 0) {
            throw new IllegalArgumentException("--ttl must not be negative, was " + ttl);
        }
        if (flags < 0 || flags > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("--flags must be 0 to 4294967295, was " + flags);
        }
        byte[] bytes = value == null || value.equals("-") ? io.in().readAllBytes() : value.getBytes(StandardCharsets.UTF_8);
        target.client().set(new Item(key, bytes, (int) flags, ttl));
        return ExitCodes.OK;
    }
}
