package io.memcached4j.cli.commands;

import io.memcached4j.cli.CliException;
import io.memcached4j.cli.ExitCodes;
import io.memcached4j.cli.Io;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code touch}: sets the expiration of keys without reading them. */
@Command(name = "touch", mixinStandardHelpOptions = true,
        description = {"Set the expiration of keys without reading them.",
            "Exit code 1 when one of them was absent."})
public final class TouchCommand extends TargetCommand {
    @Parameters(arity = "1..*", paramLabel = "KEY", description = "The keys.")
    List<String> keys;

    @Option(names = {"-t", "--ttl"}, required = true, paramLabel = "SECONDS",
            description = "Expiration: seconds from now (up to 30 days), or a Unix time; 0 never.")
    int ttl;

    TouchCommand(Io io) {
        super(io);
    }

    @Override
    int run(Target target) {
        if (ttl < 0) {
            throw new IllegalArgumentException("--ttl must not be negative, was " + ttl);
        }
        List<String> absent = new ArrayList<>();
        for (String key : keys) {
            if (!target.client().touch(key, ttl)) {
                absent.add(key);
            }
        }
        if (!absent.isEmpty()) {
            throw CliException.miss("no such key: " + String.join(", ", absent));
        }
        return ExitCodes.OK;
    }
}
