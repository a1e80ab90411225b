package io.memcached4j.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import io.memcached4j.Capabilities;
import io.memcached4j.Memcached;
import io.memcached4j.ServerAddress;
import io.memcached4j.cli.ExitCodes;
import io.memcached4j.cli.Io;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/** {@code caps}: what each server can do, asked rather than assumed from its version. */
@Command(name = "caps", mixinStandardHelpOptions = true,
        description = {"Show what each server can do.", "Version, LRU crawler on or off, lru_crawler metadump"
                + " (key listing), the hash-table walk, meta commands, mgdump and the item size limit."})
public final class CapsCommand extends TargetCommand {
    @Option(names = "--json", description = "One JSON object per server, one per line.")
    boolean json;

    CapsCommand(Io io) {
        super(io);
    }

    @Override
    int run(Target target) throws IOException {
        Map<ServerAddress, Capabilities> detected = Memcached.capabilityDetector(target.client()).detect();
        PrintStream out = io.out();
        for (Capabilities caps : detected.values()) {
            boolean hashWalk = caps.metadump() && Target.hasHashWalk(caps.rawVersion());
            if (json) {
                try (JsonGenerator g = Json.lines(out)) {
                    g.writeStartObject();
                    g.writeStringField("server", caps.server().toString());
                    g.writeStringField("version", caps.rawVersion());
                    g.writeBooleanField("crawler", caps.crawlerEnabled());
                    g.writeBooleanField("metadump", caps.metadump());
                    g.writeBooleanField("hash_walk", hashWalk);
                    g.writeBooleanField("meta_commands", caps.metaCommands());
                    g.writeBooleanField("mgdump", caps.mgdump());
                    g.writeNumberField("item_size_max", caps.itemSizeMax());
                    Json.endLine(g);
                }
                continue;
            }
            out.println(caps.server());
            out.println("  version          " + caps.rawVersion());
            out.println("  LRU crawler      " + (caps.crawlerEnabled() ? "enabled" : "DISABLED: keys cannot be listed;"
                    + " enable it with: memcached4j raw lru_crawler enable"));
            out.println("  metadump         " + yes(caps.metadump()) + "  (listing keys)");
            out.println("  hash-table walk  " + yes(hashWalk) + "  (lists every key; 1.6.13 and later)");
            out.println("  meta commands    " + yes(caps.metaCommands()));
            out.println("  mgdump           " + yes(caps.mgdump()));
            out.println("  item size max    " + caps.itemSizeMax() + " bytes");
        }
        return ExitCodes.OK;
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }
}
