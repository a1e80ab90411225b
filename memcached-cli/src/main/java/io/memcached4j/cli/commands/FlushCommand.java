package io.memcached4j.cli.commands;

import io.memcached4j.cli.CliException;
import io.memcached4j.cli.ExitCodes;
import io.memcached4j.cli.Io;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/** {@code flush}: invalidates every item of every server, after asking. */
@Command(name = "flush", mixinStandardHelpOptions = true,
        description = {"Invalidate every item on every server (flush_all).", "Asks first on a terminal;"
                + " without a terminal to ask on, refuses unless --yes.",
            "Exit code 2 when refused or not confirmed."})
public final class FlushCommand extends TargetCommand {
    @Option(names = {"-y", "--yes"}, description = "Do not ask.")
    boolean yes;

    @Option(names = "--delay", paramLabel = "SECONDS", description = "Invalidate after this many seconds.")
    Integer delay;

    FlushCommand(Io io) {
        super(io);
    }

    @Override
    int run(Target target) throws IOException {
        if (delay != null && delay < 0) {
            throw new IllegalArgumentException("--delay must not be negative, was " + delay);
        }
        if (!yes) {
            if (!io.inIsTerminal()) {
                throw CliException.usage("refusing to flush without --yes: standard input is not a terminal to ask on");
            }
            io.err().print("Invalidate every item on " + target.description() + "? [y/N] ");
            io.err().flush();
            String answer = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8)).readLine();
            if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
                throw CliException.usage("not flushed");
            }
        }
        if (delay == null || delay == 0) {
            target.client().flushAll();
        } else {
            target.client().flushAll(Duration.ofSeconds(delay));
        }
        return ExitCodes.OK;
    }
}
