package io.memcached4j.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import io.memcached4j.Item;
import io.memcached4j.KeyInfo;
import io.memcached4j.MemcachedClient;
import io.memcached4j.cli.ExitCodes;
import io.memcached4j.cli.Io;
import io.memcached4j.cli.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** {@code dump}: every selected key with its value, flags and expiration, as JSON lines. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Write keys with their values, flags and expiration as JSON lines.", "Writes every key (or those selected) with its value, flags and expiration as JSON lines:"
                + " {\"key\":...,\"flags\":0,\"exptime\":0,\"value\":\"...\"}. exptime is a Unix time in seconds, 0"
                + " never; value is the text when the bytes are UTF-8, else value_base64 holds them in base64."
                + " Sorted by key unless --unsorted. load reads it back.",
            "Keys that expire or are deleted while the dump runs are left out."})
public final class DumpCommand extends TargetCommand {
    /** A batch of keys is read with one multi-get: at most this many keys... */
    static final int BATCH_KEYS = 100;
    /** ...and at most about this many bytes. */
    static final long BATCH_BYTES = 4L << 20;

    @Mixin
    KeySelection selection = new KeySelection();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Option(names = "--unsorted", description = "Stream in the servers' order instead of sorting by key"
            + " (no key list in memory: for very large caches).")
    boolean unsorted;

    DumpCommand(Io io) {
        super(io);
    }

    @Override
    int run(Target target) throws IOException {
        try (OutputStream file = output == null ? null : Files.newOutputStream(output)) {
            BufferedOutputStream out = new BufferedOutputStream(file == null ? io.out() : file, 1 << 16);
            dump(target, out);
            out.flush();
        }
        return ExitCodes.OK;
    }

    private void dump(Target target, OutputStream out) throws IOException {
        try (JsonGenerator json = Json.lines(out);
             Stream<KeyInfo> stream = selection.stream(target);
             Progress progress = new Progress(io.err(), io.errIsTerminal() && (output != null || !io.outIsTerminal()),
                     "dumped")) {
            Stream<KeyInfo> keys = unsorted ? stream : stream.sorted(Comparator.comparing(KeyInfo::key));
            List<KeyInfo> batch = new ArrayList<>(BATCH_KEYS);
            long batchBytes = 0;
            Iterator<KeyInfo> it = keys.iterator();
            while (it.hasNext()) {
                KeyInfo key = it.next();
                batch.add(key);
                batchBytes += key.size();
                if (batch.size() == BATCH_KEYS || batchBytes >= BATCH_BYTES) {
                    write(target.client(), batch, json, progress);
                    batch.clear();
                    batchBytes = 0;
                }
            }
            write(target.client(), batch, json, progress);
        }
    }

    private static void write(MemcachedClient client, List<KeyInfo> batch, JsonGenerator json, Progress progress)
            throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>(batch.size());
        batch.forEach(k -> names.add(k.key()));
        Map<String, Item> items = client.getAll(names);
        for (KeyInfo key : batch) {
            Item item = items.get(key.key());
            if (item != null) {
                long exptime = key.expiration().map(Instant::getEpochSecond).orElse(0L);
                new DumpRecord(key.key(), item.flags(), exptime, item.value()).write(json);
                progress.step();
            }
        }
    }
}
