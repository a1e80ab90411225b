package io.memcached4j.enumeration;

import io.memcached4j.EnumerationOptions;
import io.memcached4j.KeyInfo;
import io.memcached4j.ServerAddress;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The fallback for servers older than 1.4.31: {@code stats items} for the slab classes, then
 * {@code stats cachedump <class> 0} for each. The results are partial: memcached returns at most
 * about 2 MB of keys per class, and tells neither last access, CAS nor whether an item was fetched,
 * which are set to {@link Instant#EPOCH}, 0 and false; {@code size} is the value's length.
 */
final class CachedumpSource implements KeySource {
    private static final String ITEM = "ITEM ";

    private final LineReader reader;
    private final ServerAddress server;
    private final DumpContext context;
    private final Deque<Integer> classes;
    private final UnparsedLines unparsed;
    private int currentClass = -1;
    private volatile boolean done;

    private CachedumpSource(LineReader reader, Deque<Integer> classes, DumpContext context) {
        this.reader = reader;
        this.server = reader.server();
        this.context = context;
        this.classes = classes;
        this.unparsed = new UnparsedLines(server, "stats cachedump", context.unparsedLines());
    }

    /** Reads the slab classes with {@code stats items}; the keys are read on demand. */
    static CachedumpSource start(LineReader reader, DumpContext context) {
        reader.send("stats items");
        Set<Integer> ids = new LinkedHashSet<>();
        for (String line = reader.readLine(); !line.equals("END"); line = reader.readLine()) {
            if (MetadumpSupport.isError(line)) {
                throw MetadumpSupport.errorReply(line, "stats items", reader.server());
            }
            Integer id = slabClassOf(line);
            if (id != null) {
                ids.add(id);
            }
        }
        EnumerationOptions options = context.options();
        if (options.scope() == EnumerationOptions.Scope.SLAB_CLASSES) {
            ids.retainAll(options.slabClasses());
        }
        context.partialServers().incrementAndGet();
        return new CachedumpSource(reader, new ArrayDeque<>(ids), context);
    }

    /** {@code STAT items:5:number 10} gives 5. */
    private static Integer slabClassOf(String line) {
        String prefix = "STAT items:";
        if (!line.startsWith(prefix)) {
            return null;
        }
        int colon = line.indexOf(':', prefix.length());
        if (colon < 0) {
            return null;
        }
        try {
            return Integer.valueOf(line.substring(prefix.length(), colon));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public KeyInfo next() {
        while (!done) {
            if (currentClass < 0) {
                Integer next = classes.poll();
                if (next == null) {
                    close();
                    return null;
                }
                currentClass = next;
                reader.send("stats cachedump " + currentClass + " 0");
            }
            String line = reader.readLine();
            if (line.equals("END")) {
                currentClass = -1;
            } else if (MetadumpSupport.isError(line)) {
                close();
                throw MetadumpSupport.errorReply(line, "stats cachedump " + currentClass + " 0", server);
            } else {
                KeyInfo key = parse(line);
                if (key != null && context.wanted(key.key())) {
                    return key;
                }
            }
        }
        return null;
    }

    /** {@code ITEM <key> [<bytes> b; <expiry> s]}, expiry 0 for never; the key's bytes are UTF-8. */
    private KeyInfo parse(String line) {
        int bracket = line.lastIndexOf(" [");
        if (!line.startsWith(ITEM) || bracket <= ITEM.length() || !line.endsWith(" s]")) {
            unparsed.add(line, "not a cachedump line");
            return null;
        }
        String[] figures = line.substring(bracket + 2, line.length() - 1).split(" ");
        try {
            if (figures.length != 4 || !figures[1].equals("b;") || !figures[3].equals("s")) {
                throw new NumberFormatException("expected [<bytes> b; <expiry> s]");
            }
            int bytes = Integer.parseInt(figures[0]);
            long expiry = Long.parseLong(figures[2]);
            String key = new String(line.substring(ITEM.length(), bracket).getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8);
            Instant expiration = expiry == 0 ? null : Instant.ofEpochSecond(expiry);
            return KeyInfo.of(key, expiration, Instant.EPOCH, 0, false, currentClass, bytes, server);
        } catch (NumberFormatException e) {
            unparsed.add(line, e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            reader.close();
            unparsed.report();
        }
    }
}
