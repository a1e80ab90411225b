package io.memcached4j.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import io.memcached4j.Item;
import io.memcached4j.MetaRequest;
import io.memcached4j.MetaResponse;
import io.memcached4j.cli.CliException;
import io.memcached4j.cli.ExitCodes;
import io.memcached4j.cli.Io;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code get}: prints a value, exactly its bytes, or as JSON with its flags and TTL. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Print a value.", "Prints its exact bytes (a line break is added only on a terminal), or with --json"
                + " one JSON object with key, flags, ttl (seconds left, -1 never), cas and the value (as text when"
                + " it is UTF-8, else value_base64).",
            "Exit code 1 when the key is absent."})
public final class GetCommand extends TargetCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Option(names = "--json", description = "Print the value with its flags, TTL and CAS as one JSON object.")
    boolean json;

    GetCommand(Io io) {
        super(io);
    }

    @Override
    int run(Target target) throws IOException {
        if (json) {
            MetaResponse response = target.client().meta(MetaRequest.get(key).value().clientFlags().ttl().cas().build());
            if (response.isMiss()) {
                throw miss(key);
            }
            try (JsonGenerator out = Json.lines(io.out())) {
                out.writeStartObject();
                out.writeStringField("key", key);
                out.writeNumberField("flags", Long.parseLong(response.flag('f').orElse("0")));
                out.writeNumberField("ttl", Long.parseLong(response.flag('t').orElse("-1")));
                out.writeStringField("cas", response.flag('c').orElse("0"));
                Values.write(out, response.value());
                Json.endLine(out);
            }
            return ExitCodes.OK;
        }
        Item item = target.client().get(key).orElseThrow(() -> miss(key));
        byte[] value = item.value();
        io.out().write(value);
        if (io.outIsTerminal() && (value.length == 0 || value[value.length - 1] != '\n')) {
            io.out().println();
        }
        return ExitCodes.OK;
    }

    static CliException miss(String key) {
        return CliException.miss("no such key: " + key);
    }
}
