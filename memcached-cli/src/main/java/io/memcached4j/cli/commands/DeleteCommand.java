package io.memcached4j.cli.commands;

import io.memcached4j.cli.CliException;
import io.memcached4j.cli.ExitCodes;
import io.memcached4j.cli.Io;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code delete}: deletes keys. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Delete keys.", "Exit code 1 when one of them was absent (the others are deleted)."})
public final class DeleteCommand extends TargetCommand {
    @Parameters(arity = "1..*", paramLabel = "KEY", description = "The keys.")
    List<String> keys;

    DeleteCommand(Io io) {
        super(io);
    }

    @Override
    int run(Target target) {
        List<String> absent = new ArrayList<>();
        for (String key : keys) {
            if (!target.client().delete(key)) {
                absent.add(key);
            }
        }
        if (!absent.isEmpty()) {
            throw CliException.miss("no such key: " + String.join(", ", absent));
        }
        return ExitCodes.OK;
    }
}
