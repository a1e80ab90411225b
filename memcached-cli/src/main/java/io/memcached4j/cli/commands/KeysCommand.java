package io.memcached4j.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import io.memcached4j.KeyInfo;
import io.memcached4j.cli.ExitCodes;
import io.memcached4j.cli.Io;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.stream.Stream;

/** {@code keys}: lists keys with their metadata, from {@code lru_crawler metadump}. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"List keys with their size, TTL and server.", "Keys are read with lru_crawler metadump (walking the hash table where the server can,"
                + " which misses no key).",
            "text: one key per line. tsv: key, size, ttl (seconds left, -1 never), last access (ISO-8601),"
                + " slab class, fetched, server. json: one object per line.",
            "Exit code 1 when no key matched."})
public final class KeysCommand extends TargetCommand {
    @Mixin
    KeySelection selection = new KeySelection();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "text, json or tsv (default: text).")
    OutputFormat format = OutputFormat.TEXT;

    @Option(names = "--sort", description = "Sort by key (holds every key in memory).")
    boolean sort;

    KeysCommand(Io io) {
        super(io);
    }

    @Override
    int run(Target target) throws IOException {
        long now = Instant.now().getEpochSecond();
        PrintStream out = io.out();
        try (Stream<KeyInfo> stream = selection.stream(target);
             Progress progress = new Progress(io.err(), io.errIsTerminal() && !io.outIsTerminal(), "listed");
             JsonGenerator json = Json.lines(out)) {
            Stream<KeyInfo> keys = sort ? stream.sorted(Comparator.comparing(KeyInfo::key)) : stream;
            Iterator<KeyInfo> it = keys.iterator();
            while (it.hasNext()) {
                KeyInfo key = it.next();
                progress.step();
                switch (format) {
                    case JSON -> writeJson(json, key, now);
                    case TSV -> out.append(key.key()).append('\t').append(Long.toString(key.size())).append('\t')
                            .append(Long.toString(ttl(key, now))).append('\t').append(key.lastAccess().toString())
                            .append('\t').append(Integer.toString(key.slabClass())).append('\t')
                            .append(key.fetched() ? "yes" : "no").append('\t').append(key.server().toString())
                            .append('\n');
                    default -> out.append(key.key()).append('\n');
                }
            }
            return progress.count() == 0 ? ExitCodes.MISS : ExitCodes.OK;
        }
    }

    /** @return the seconds left before the key expires, -1 when it never does */
    static long ttl(KeyInfo key, long nowSeconds) {
        return key.expiration().map(e -> Math.max(0, e.getEpochSecond() - nowSeconds)).orElse(-1L);
    }

    private static void writeJson(JsonGenerator json, KeyInfo key, long now) throws IOException {
        json.writeStartObject();
        json.writeStringField("key", key.key());
        json.writeNumberField("size", key.size());
        json.writeNumberField("ttl", ttl(key, now));
        json.writeNumberField("exptime", key.expiration().map(Instant::getEpochSecond).orElse(0L));
        json.writeStringField("last_access", key.lastAccess().toString());
        json.writeNumberField("slab_class", key.slabClass());
        json.writeBooleanField("fetched", key.fetched());
        json.writeStringField("cas", Long.toUnsignedString(key.cas()));
        json.writeStringField("server", key.server().toString());
        Json.endLine(json);
    }
}
