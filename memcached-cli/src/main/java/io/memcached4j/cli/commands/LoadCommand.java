package io.memcached4j.cli.commands;

import io.memcached4j.cli.CliException;
import io.memcached4j.cli.ExitCodes;
import io.memcached4j.cli.Io;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code load}: stores what {@code dump} wrote. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Store the items of a dump.", "Stores the items of a dump (JSON lines, as dump writes them) with their flags and expiration,"
                + " overwriting existing keys. A line may give \"ttl\" (seconds from now) instead of \"exptime\"."
                + " Items whose expiration has passed are skipped.",
            "Exit code 2 on a line that is not a valid item: the lines before it are stored."})
public final class LoadCommand extends TargetCommand {
    private static final int IN_FLIGHT = 256;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The dump (default: standard input, also -).")
    String file;

    LoadCommand(Io io) {
        super(io);
    }

    @Override
    int run(Target target) throws IOException {
        long now = Instant.now().getEpochSecond();
        long stored = 0;
        long expired = 0;
        List<CompletableFuture<Void>> inFlight = new ArrayList<>(IN_FLIGHT);
        try (InputStream in = file == null || file.equals("-") ? io.in() : Files.newInputStream(Path.of(file));
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
             Progress progress = new Progress(io.err(), io.errIsTerminal(), "loaded")) {
            long lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                DumpRecord record;
                try {
                    record = DumpRecord.parse(line, now);
                    if (record.expiredAt(now)) {
                        expired++;
                        continue;
                    }
                    inFlight.add(target.client().async().set(record.item()));
                } catch (IllegalArgumentException e) {
                    join(inFlight);
                    throw CliException.usage("line " + lineNumber + ": " + e.getMessage() + " (the " + stored
                            + " items before it were stored)");
                }
                stored++;
                progress.step();
                if (inFlight.size() == IN_FLIGHT) {
                    join(inFlight);
                }
            }
            join(inFlight);
        }
        if (io.errIsTerminal()) {
            io.err().println("stored " + stored + " items" + (expired == 0 ? "" : ", skipped " + expired
                    + " whose expiration had passed"));
        }
        return ExitCodes.OK;
    }

    private static void join(List<CompletableFuture<Void>> inFlight) {
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        inFlight.clear();
    }
}
