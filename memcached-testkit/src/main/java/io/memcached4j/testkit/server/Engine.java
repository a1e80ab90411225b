package io.memcached4j.testkit.server;

import io.memcached4j.protocol.text.server.MemcachedNumbers;
import io.memcached4j.protocol.text.server.MetaOptions;
import io.memcached4j.protocol.text.server.ReplyWriter;
import io.memcached4j.protocol.text.server.ServerRequest;
import io.memcached4j.protocol.text.server.ServerRequest.StoreMode;
import io.memcached4j.protocol.text.server.ServerRequestParser;
import io.memcached4j.testkit.ServerClock;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cache of the fake server and the semantics of every command, modelled on memcached
 * 1.6.18's {@code proto_text.c} and {@code items.c}: relative/absolute expiration, lazy expiry
 * and flush, CAS counter, LRU eviction under a memory limit, incr/decr in place with space
 * padding, meta commands with stale/win tokens. One lock guards everything: a test fake needs
 * correctness more than parallel throughput.
 */
public final class Engine {
    static final int REALTIME_MAXDELTA = 60 * 60 * 24 * 30;
    static final int ITEM_UPDATE_INTERVAL = 60;
    private static final int MAX_SLAB_CLASSES = 64;

    private final EngineSettings settings;
    private final ServerClock clock;
    private final SlabClasses slabs;
    private final long processStarted;
    private final LinkedHashMap<String, Item> items = new LinkedHashMap<>();
    private final Stats stats = new Stats();
    private long timeOffset;
    private Long pausedAt;
    private long casCounter;
    private long oldestLive;
    private long oldestCas;
    private long usedBytes;
    private long itemBytes;
    private boolean lruCrawler = true;
    private int verbosity;
    private int currentConnections;
    private volatile int port;
    private long totalConnections;

    /**
     * Creates an empty cache.
     *
     * @param settings the server settings
     * @param clock the wall clock
     */
    public Engine(EngineSettings settings, ServerClock clock) {
        this.settings = settings;
        this.clock = clock;
        this.slabs = new SlabClasses(settings.itemSizeMax());
        this.processStarted = clock.epochSecond() - ITEM_UPDATE_INTERVAL - 2;
        this.verbosity = settings.verbosity();
        this.port = settings.port();
    }

    /**
     * Records the port actually bound, for {@code stats settings}.
     *
     * @param boundPort the listening port
     */
    public void listeningOn(int boundPort) {
        this.port = boundPort;
    }

    int port() {
        return port;
    }

    /** @return the settings the engine was created with */
    public EngineSettings settings() {
        return settings;
    }

    /**
     * Counts a new connection.
     *
     * @return its number: 1 for the first connection of this server, then 2, ...
     */
    public synchronized long connectionOpened() {
        currentConnections++;
        return ++totalConnections;
    }

    /** Counts a closed connection. */
    public synchronized void connectionClosed() {
        currentConnections--;
    }

    /**
     * Counts traffic for {@code bytes_read} / {@code bytes_written}.
     *
     * @param read bytes received
     * @param written bytes sent
     */
    public synchronized void traffic(long read, long written) {
        stats.bytesRead += read;
        stats.bytesWritten += written;
    }

    /** @return the number of live items (expired ones may still be counted until touched) */
    public synchronized int itemCount() {
        return items.size();
    }

    /**
     * Executes one request and appends its reply.
     *
     * @param request the parsed request
     * @param out the connection's pending replies; memcached refuses a metadump when it is not empty
     * @return false when the connection must close after the pending replies are written
     */
    public synchronized boolean handle(ServerRequest request, ReplyWriter out) {
        if (request instanceof ServerRequest.Get r) {
            get(r, out);
        } else if (request instanceof ServerRequest.Store r) {
            store(r, out);
        } else if (request instanceof ServerRequest.TooLarge r) {
            tooLarge(r, out);
        } else if (request instanceof ServerRequest.Delete r) {
            delete(r, out);
        } else if (request instanceof ServerRequest.Arithmetic r) {
            arithmetic(r, out);
        } else if (request instanceof ServerRequest.Touch r) {
            touch(r, out);
        } else if (request instanceof ServerRequest.FlushAll r) {
            flushAll(r, out);
        } else if (request instanceof ServerRequest.Verbosity r) {
            verbosity = (int) Math.min(r.level(), 2);
            reply(out, r.noreply(), "OK");
        } else if (request instanceof ServerRequest.Version) {
            out.line("VERSION " + settings.version());
        } else if (request instanceof ServerRequest.Quit) {
            return false;
        } else if (request instanceof ServerRequest.Stats r) {
            StatsReport.write(this, r.args(), out);
        } else if (request instanceof ServerRequest.CacheDump r) {
            cacheDump(r, out);
        } else if (request instanceof ServerRequest.LruCrawler r) {
            lruCrawler(r.args(), out);
        } else if (request instanceof ServerRequest.MetaDump r) {
            metaDump(r.selector(), out);
        } else if (request instanceof ServerRequest.DebugTime r) {
            debugTime(r.argument(), out);
        } else if (request instanceof ServerRequest.MetaNoop) {
            out.line("MN");
            out.markFlushed();
        } else if (request instanceof ServerRequest.MetaDebug r) {
            metaDebug(r, out);
        } else if (request instanceof ServerRequest.Meta r) {
            stats.metaCmds++;
            switch (r.command()) {
                case "mg" -> metaGet(r, out);
                case "ms" -> metaSet(r, out);
                case "md" -> metaDelete(r, out);
                default -> metaArithmetic(r, out);
            }
        } else if (request instanceof ServerRequest.Reply r) {
            if (isFailedMultiGet(r)) {
                out.discardUnflushed();
            }
            reply(out, r.silent(), r.reply());
        } else if (request instanceof ServerRequest.Close) {
            return false;
        }
        return true;
    }

    /** A get whose key is too long: memcached drops the replies it has not transmitted yet. */
    private static boolean isFailedMultiGet(ServerRequest.Reply r) {
        return r.reply().equals("CLIENT_ERROR bad command line format")
                && (r.command().equals("get") || r.command().equals("gets") || r.command().equals("gat")
                || r.command().equals("gats") || r.command().equals("bget"));
    }

    // ---- time ----

    /** @return memcached's {@code current_time}: seconds since the (fake) process start */
    synchronized long now() {
        if (pausedAt != null) {
            return pausedAt;
        }
        return clock.epochSecond() - processStarted + timeOffset;
    }

    long processStarted() {
        return processStarted;
    }

    /** memcached's {@code realtime(EXPTIME_TO_POSITIVE_TIME(exptime))}. */
    long realtime(long exptime) {
        if (exptime < 0) {
            exptime = REALTIME_MAXDELTA + 1;
        }
        if (exptime == 0) {
            return 0;
        }
        if (exptime > REALTIME_MAXDELTA) {
            return exptime <= processStarted ? 1 : exptime - processStarted;
        }
        return exptime + now();
    }

    private void debugTime(String argument, ReplyWriter out) {
        switch (argument) {
            case "p" -> pausedAt = pausedAt == null ? now() : pausedAt;
            case "r" -> {
                if (pausedAt != null) {
                    timeOffset += pausedAt - (clock.epochSecond() - processStarted + timeOffset);
                    pausedAt = null;
                }
            }
            default -> {
                Long delta = MemcachedNumbers.parseSigned64(argument);
                if (delta == null) {
                    out.line("ERROR");
                    return;
                }
                timeOffset += delta;
                if (pausedAt != null) {
                    pausedAt += delta;
                }
            }
        }
        out.line("OK");
    }

    // ---- items ----

    private boolean isFlushed(Item it) {
        long now = now();
        if (oldestLive == 0 || oldestLive > now) {
            return false;
        }
        return it.time <= oldestLive || (oldestCas != 0 && it.cas != 0 && it.cas < oldestCas);
    }

    /** memcached's {@code do_item_get} without the bump: null when absent, expired or flushed. */
    private Item lookup(String key) {
        Item it = items.get(key);
        if (it == null) {
            return null;
        }
        if (isFlushed(it)) {
            unlink(it);
            stats.getFlushed++;
            return null;
        }
        if (it.exptime != 0 && it.exptime <= now()) {
            unlink(it);
            stats.getExpired++;
            if (!it.fetched) {
                stats.expiredUnfetched++;
            }
            stats.reclaimed++;
            return null;
        }
        return it;
    }

    /** memcached's {@code do_item_bump} on a fetch. */
    private void bump(Item it) {
        if (!it.fetched) {
            it.fetched = true;
        } else {
            it.time = (int) now();
        }
        items.remove(it.key);
        items.put(it.key, it);
    }

    private void unlink(Item it) {
        if (items.remove(it.key) == it) {
            usedBytes -= slabs.footprint(it.total());
            itemBytes -= it.total();
        }
    }

    /** Links a new item (replacing any old one), with a fresh CAS value; false when it cannot fit. */
    private boolean link(Item it) {
        Item old = items.get(it.key);
        if (old != null) {
            unlink(old);
        }
        long footprint = slabs.footprint(it.total());
        Iterator<Item> lru = items.values().iterator();
        while (usedBytes + footprint > settings.maxBytes() && lru.hasNext()) {
            Item victim = lru.next();
            lru.remove();
            usedBytes -= slabs.footprint(victim.total());
            itemBytes -= victim.total();
            if (victim.exptime != 0 && victim.exptime <= now()) {
                stats.reclaimed++;
            } else {
                stats.evictions++;
                if (!victim.fetched) {
                    stats.evictedUnfetched++;
                }
            }
        }
        if (usedBytes + footprint > settings.maxBytes()) {
            return false;
        }
        it.cas = ++casCounter;
        it.time = (int) now();
        items.put(it.key, it);
        usedBytes += footprint;
        itemBytes += it.total();
        stats.totalItems++;
        return true;
    }

    private boolean tooLarge(String key, int flags, long valueLength) {
        return ServerRequestParser.isTooLarge(settings.itemSizeMax(), key.length(), flags, valueLength + 2);
    }

    // ---- classic commands ----

    private static void reply(ReplyWriter out, boolean noreply, String line) {
        if (!noreply) {
            out.line(line);
        }
    }

    private void get(ServerRequest.Get r, ReplyWriter out) {
        long exptime = r.touch() ? realtime(r.exptime()) : 0;
        for (String key : r.keys()) {
            Item it = lookup(key);
            if (r.touch()) {
                stats.touchCmds++;
            } else {
                stats.getCmds++;
            }
            if (it == null) {
                if (r.touch()) {
                    stats.touchMisses++;
                } else {
                    stats.getMisses++;
                }
                continue;
            }
            if (r.touch()) {
                it.exptime = (int) exptime;
                stats.touchHits++;
            } else {
                stats.getHits++;
            }
            out.value(it.key, it.flags, it.value, r.withCas(), it.cas);
            bump(it);
        }
        out.end();
        out.markFlushed();
    }

    private void store(ServerRequest.Store r, ReplyWriter out) {
        stats.setCmds++;
        Item it = new Item(r.key(), r.flags(), r.data(), (int) realtime(r.exptime()), (int) now(), false);
        String result = doStore(it, r.mode(), r.cas(), false);
        reply(out, r.noreply(), result);
    }

    private void tooLarge(ServerRequest.TooLarge r, ReplyWriter out) {
        stats.storeTooLarge++;
        if (r.command().equals("ms") || r.mode() == StoreMode.SET) {
            Item old = items.get(r.key());
            if (old != null) {
                unlink(old);
            }
        }
        if (r.command().equals("ms")) {
            out.line("SERVER_ERROR object too large for cache");
        } else {
            reply(out, r.noreply(), "SERVER_ERROR object too large for cache");
        }
    }

    /** memcached's {@code do_store_item}; returns STORED, NOT_STORED, EXISTS or NOT_FOUND. */
    private String doStore(Item it, StoreMode mode, long casIn, boolean casStale) {
        Item old = lookup(it.key);
        if (old != null) {
            boolean casNone = casIn == 0;
            boolean casMatch = !casNone && casIn == old.cas;
            boolean casStaleMatch = !casNone && !casMatch && casStale && Long.compareUnsigned(casIn, old.cas) < 0;
            switch (mode) {
                case ADD -> {
                    bumpOnUpdate(old);
                    return "NOT_STORED";
                }
                case CAS -> {
                    if (casMatch) {
                        stats.casHits++;
                    } else if (casStaleMatch) {
                        it.exptime = old.exptime;
                        it.stale = true;
                        it.tokenSent = old.tokenSent;
                        stats.casHits++;
                    } else {
                        stats.casBadval++;
                        return "EXISTS";
                    }
                }
                case APPEND, PREPEND -> {
                    if (!casNone && !casMatch) {
                        return "EXISTS";
                    }
                    byte[] joined = new byte[old.value.length + it.value.length];
                    byte[] first = mode == StoreMode.APPEND ? old.value : it.value;
                    byte[] second = mode == StoreMode.APPEND ? it.value : old.value;
                    System.arraycopy(first, 0, joined, 0, first.length);
                    System.arraycopy(second, 0, joined, first.length, second.length);
                    if (tooLarge(old.key, old.flags, joined.length)) {
                        return "NOT_STORED";
                    }
                    Item combined = new Item(old.key, old.flags, joined, old.exptime, (int) now(), old.binaryKey);
                    return link(combined) ? "STORED" : "SERVER_ERROR out of memory storing object";
                }
                default -> {
                    // SET and REPLACE store
                }
            }
            return link(it) ? "STORED" : "SERVER_ERROR out of memory storing object";
        }
        switch (mode) {
            case ADD, SET -> {
                return link(it) ? "STORED" : "SERVER_ERROR out of memory storing object";
            }
            case CAS -> {
                stats.casMisses++;
                return "NOT_FOUND";
            }
            default -> {
                return "NOT_STORED";
            }
        }
    }

    private void bumpOnUpdate(Item it) {
        if (it.time < now() - ITEM_UPDATE_INTERVAL) {
            it.time = (int) now();
        }
    }

    private void delete(ServerRequest.Delete r, ReplyWriter out) {
        Item it = lookup(r.key());
        if (it != null) {
            stats.deleteHits++;
            unlink(it);
            reply(out, r.noreply(), "DELETED");
        } else {
            stats.deleteMisses++;
            reply(out, r.noreply(), "NOT_FOUND");
        }
    }

    /** The outcome of memcached's {@code do_add_delta}. */
    private enum Delta { OK, NON_NUMERIC, NOT_FOUND, CAS_MISMATCH }

    private Delta addDelta(String key, boolean incr, long delta, long casIn, long[] result) {
        Item it = lookup(key);
        if (it == null) {
            return Delta.NOT_FOUND;
        }
        if (it.value.length == 0 || tooLargeForNumber(it)) {
            return Delta.NON_NUMERIC;
        }
        if (casIn != 0 && it.cas != casIn) {
            return Delta.CAS_MISMATCH;
        }
        Long value = MemcachedNumbers.parseUnsigned64(new String(it.value, StandardCharsets.ISO_8859_1) + "\r");
        if (value == null) {
            return Delta.NON_NUMERIC;
        }
        long v = value;
        if (incr) {
            v += delta;
            stats.incrHits++;
        } else {
            v = Long.compareUnsigned(delta, v) > 0 ? 0 : v - delta;
            stats.decrHits++;
        }
        byte[] digits = Long.toUnsignedString(v).getBytes(StandardCharsets.US_ASCII);
        if (digits.length <= it.value.length) {
            byte[] padded = new byte[it.value.length];
            Arrays.fill(padded, (byte) ' ');
            System.arraycopy(digits, 0, padded, 0, digits.length);
            it.value = padded;
            it.cas = ++casCounter;
            bumpOnUpdate(it);
        } else {
            Item replacement = new Item(it.key, it.flags, digits, it.exptime, (int) now(), it.binaryKey);
            link(replacement);
        }
        result[0] = v;
        return Delta.OK;
    }

    private static boolean tooLargeForNumber(Item it) {
        return it.total() > SlabClasses.PAGE_SIZE / 2; // chunked items are never numeric
    }

    private void arithmetic(ServerRequest.Arithmetic r, ReplyWriter out) {
        long[] result = new long[1];
        switch (addDelta(r.key(), r.incr(), r.delta(), 0, result)) {
            case OK -> reply(out, r.noreply(), Long.toUnsignedString(result[0]));
            case NON_NUMERIC -> reply(out, r.noreply(), "CLIENT_ERROR cannot increment or decrement non-numeric value");
            default -> {
                if (r.incr()) {
                    stats.incrMisses++;
                } else {
                    stats.decrMisses++;
                }
                reply(out, r.noreply(), "NOT_FOUND");
            }
        }
    }

    private void touch(ServerRequest.Touch r, ReplyWriter out) {
        long exptime = realtime(r.exptime());
        Item it = lookup(r.key());
        stats.touchCmds++;
        if (it != null) {
            it.exptime = (int) exptime;
            bump(it);
            stats.touchHits++;
            reply(out, r.noreply(), "TOUCHED");
        } else {
            stats.touchMisses++;
            reply(out, r.noreply(), "NOT_FOUND");
        }
    }

    private void flushAll(ServerRequest.FlushAll r, ReplyWriter out) {
        stats.flushCmds++;
        long newOldest = r.delay() > 0 ? realtime(r.delay()) : now();
        oldestLive = newOldest - 1;
        if (oldestLive <= now()) {
            oldestCas = ++casCounter;
        }
        reply(out, r.noreply(), "OK");
    }

    // ---- meta commands ----

    private static String metaKey(String key, boolean binary) {
        if (!binary) {
            return " k" + key;
        }
        return " k" + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.ISO_8859_1)) + " b";
    }

    private static String ttlRemaining(Item it, long now) {
        return it.exptime == 0 ? "-1" : Long.toString((it.exptime - now) & 0xFFFF_FFFFL);
    }

    private void metaGet(ServerRequest.Meta r, ReplyWriter out) {
        MetaOptions o = r.options();
        boolean locked = o.vivifyTtl() != null || o.ttl() != null || o.recacheTtl() != null
                || r.flags().stream().anyMatch(f -> f.charAt(0) == 'l' || f.charAt(0) == 'h');
        Item it = lookup(r.key());
        if (it != null && !locked && !o.noBump()) {
            bump(it);
        }
        boolean created = false;
        if (it == null && o.vivifyTtl() != null) {
            it = new Item(r.key(), 0, new byte[0], 0, (int) now(), o.base64Key());
            if (link(it)) {
                created = true;
            } else {
                it = null;
            }
        }
        boolean ttlSet = false;
        if (it != null) {
            long now = now();
            boolean won = false;
            StringBuilder line = new StringBuilder(o.returnValue() ? "VA " + it.value.length : "HD");
            for (String flag : r.flags()) {
                switch (flag.charAt(0)) {
                    case 'T' -> {
                        ttlSet = true;
                        it.exptime = (int) realtime(o.ttl());
                    }
                    case 'N' -> {
                        if (created) {
                            it.exptime = (int) realtime(o.vivifyTtl());
                            won = true;
                        }
                    }
                    case 'R' -> {
                        if (!it.tokenSent && !created && it.exptime != 0 && it.exptime < realtime(o.recacheTtl())) {
                            won = true;
                        }
                    }
                    case 's' -> line.append(" s").append(it.value.length);
                    case 't' -> line.append(" t").append(ttlRemaining(it, now));
                    case 'c' -> line.append(" c").append(Long.toUnsignedString(it.cas));
                    case 'f' -> line.append(" f").append(Integer.toUnsignedString(it.flags));
                    case 'l' -> line.append(" l").append(now - it.time);
                    case 'h' -> line.append(" h").append(it.fetched ? '1' : '0');
                    case 'O' -> line.append(' ').append(flag);
                    case 'k' -> line.append(metaKey(it.key, it.binaryKey));
                    default -> {
                        // flags without output
                    }
                }
            }
            if (it.tokenSent) {
                line.append(" Z");
            }
            if (it.stale) {
                line.append(" X");
                if (!it.tokenSent) {
                    won = true;
                }
            }
            if (won) {
                line.append(" W");
                it.tokenSent = true;
            }
            if (o.returnValue()) {
                out.lineWithData(line.toString(), it.value);
            } else {
                out.line(line.toString());
            }
            if (locked && !o.noBump()) {
                bump(it);
            }
            if (ttlSet) {
                stats.touchCmds++;
                stats.touchHits++;
            } else {
                stats.getCmds++;
                stats.getHits++;
            }
            return;
        }
        if (o.ttl() != null) {
            stats.touchCmds++;
            stats.touchMisses++;
        } else {
            stats.getCmds++;
            stats.getMisses++;
        }
        if (o.quiet()) {
            return;
        }
        StringBuilder line = new StringBuilder("EN");
        appendOpaqueAndKey(r, line);
        out.line(line.toString());
    }

    private static void appendOpaqueAndKey(ServerRequest.Meta r, StringBuilder line) {
        for (String flag : r.flags()) {
            if (flag.charAt(0) == 'O') {
                line.append(' ').append(flag);
            } else if (flag.charAt(0) == 'k') {
                line.append(metaKey(r.key(), r.options().base64Key()));
            }
        }
    }

    private void metaSet(ServerRequest.Meta r, ReplyWriter out) {
        stats.setCmds++;
        MetaOptions o = r.options();
        StoreMode mode = switch (o.mode()) {
            case 'E' -> StoreMode.ADD;
            case 'A' -> StoreMode.APPEND;
            case 'P' -> StoreMode.PREPEND;
            case 'R' -> StoreMode.REPLACE;
            default -> StoreMode.SET;
        };
        long compare = o.compareCas() == null ? 0 : o.compareCas();
        if (o.compareCas() != null && (mode == StoreMode.SET || mode == StoreMode.REPLACE)) {
            mode = StoreMode.CAS;
        }
        long exptime = o.ttl() == null ? 0 : realtime(o.ttl());
        Item it = new Item(r.key(), o.clientFlags(), r.data(), (int) exptime, (int) now(), o.base64Key());
        String result = doStore(it, mode, compare, o.invalidate() && mode == StoreMode.CAS);
        String code = switch (result) {
            case "STORED" -> "HD";
            case "EXISTS" -> "EX";
            case "NOT_FOUND" -> "NF";
            case "NOT_STORED" -> "NS";
            default -> null;
        };
        if (code == null) {
            out.line(result);
            return;
        }
        if (code.equals("HD") && o.quiet()) {
            return;
        }
        long cas = code.equals("HD") ? storedCas(r.key()) : 0;
        StringBuilder line = new StringBuilder(code);
        for (String flag : r.flags()) {
            switch (flag.charAt(0)) {
                case 'O' -> line.append(' ').append(flag);
                case 'k' -> line.append(metaKey(r.key(), o.base64Key()));
                case 'c' -> line.append(" c").append(Long.toUnsignedString(cas));
                default -> {
                    // no output
                }
            }
        }
        out.line(line.toString());
    }

    private long storedCas(String key) {
        Item it = items.get(key);
        return it == null ? 0 : it.cas;
    }

    private void metaDelete(ServerRequest.Meta r, ReplyWriter out) {
        MetaOptions o = r.options();
        StringBuilder tail = new StringBuilder();
        appendOpaqueAndKey(r, tail);
        Item it = lookup(r.key());
        String code;
        if (it == null) {
            stats.deleteMisses++;
            code = "NF";
        } else if (o.compareCas() != null && it.cas != o.compareCas()) {
            stats.deleteMisses++;
            code = "EX";
        } else if (o.invalidate()) {
            if (o.ttl() != null) {
                it.exptime = (int) realtime(o.ttl());
            }
            it.stale = true;
            it.tokenSent = false;
            it.cas = ++casCounter;
            code = "HD";
        } else {
            stats.deleteHits++;
            unlink(it);
            code = "HD";
        }
        if (code.equals("HD") && o.quiet()) {
            return;
        }
        out.line(code + tail);
    }

    private void metaArithmetic(ServerRequest.Meta r, ReplyWriter out) {
        MetaOptions o = r.options();
        boolean incr = o.mode() != 'D' && o.mode() != '-';
        long delta = o.delta() == null ? 1 : o.delta();
        long[] result = new long[1];
        Delta outcome = addDelta(r.key(), incr, delta, o.compareCas() == null ? 0 : o.compareCas(), result);
        Item it = null;
        boolean created = false;
        switch (outcome) {
            case NON_NUMERIC -> {
                out.line("CLIENT_ERROR cannot increment or decrement non-numeric value");
                return;
            }
            case OK -> it = items.get(r.key());
            case NOT_FOUND -> {
                if (o.vivifyTtl() != null) {
                    byte[] digits = Long.toUnsignedString(o.initial()).getBytes(StandardCharsets.US_ASCII);
                    it = new Item(r.key(), 0, digits, 0, (int) now(), o.base64Key());
                    if (!link(it)) {
                        out.line("SERVER_ERROR Out of memory allocating new item");
                        return;
                    }
                    created = true;
                    result[0] = o.initial();
                } else if (incr) {
                    stats.incrMisses++;
                } else {
                    stats.decrMisses++;
                }
            }
            default -> {
                // CAS mismatch: EX below
            }
        }
        if (it == null) {
            StringBuilder line = new StringBuilder(outcome == Delta.CAS_MISMATCH ? "EX" : "NF");
            appendOpaqueAndKey(r, line);
            out.line(line.toString());
            return;
        }
        if (outcome == Delta.OK && o.quiet()) {
            for (String flag : r.flags()) {
                applyArithmeticTtl(flag, o, it, created);
            }
            return;
        }
        String number = Long.toUnsignedString(result[0]);
        StringBuilder line = new StringBuilder(o.returnValue() ? "VA " + number.length() : "HD");
        long now = now();
        for (String flag : r.flags()) {
            switch (flag.charAt(0)) {
                case 'c' -> line.append(" c").append(Long.toUnsignedString(it.cas));
                case 't' -> line.append(" t").append(ttlRemaining(it, now));
                case 'T', 'N' -> applyArithmeticTtl(flag, o, it, created);
                case 'O' -> line.append(' ').append(flag);
                case 'k' -> line.append(metaKey(r.key(), o.base64Key()));
                default -> {
                    // no output
                }
            }
        }
        if (o.returnValue()) {
            out.lineWithData(line.toString(), number.getBytes(StandardCharsets.US_ASCII));
        } else {
            out.line(line.toString());
        }
    }

    private void applyArithmeticTtl(String flag, MetaOptions o, Item it, boolean created) {
        if (flag.charAt(0) == 'T') {
            it.exptime = (int) realtime(o.ttl());
        } else if (flag.charAt(0) == 'N' && created) {
            it.exptime = (int) realtime(o.vivifyTtl());
        }
    }

    private void metaDebug(ServerRequest.MetaDebug r, ReplyWriter out) {
        stats.metaCmds++;
        Item it = lookup(r.key());
        if (it == null) {
            out.line("EN");
            return;
        }
        long now = now();
        String key = it.binaryKey
                ? Base64.getEncoder().encodeToString(it.key.getBytes(StandardCharsets.ISO_8859_1)) : it.key;
        out.line("ME " + key + " exp=" + (it.exptime == 0 ? -1 : (int) (now - it.exptime)) + " la=" + (now - it.time)
                + " cas=" + Long.toUnsignedString(it.cas) + " fetch=" + (it.fetched ? "yes" : "no")
                + " cls=" + slabs.classOf(it.total()) + " size=" + it.total());
    }

    // ---- dumps and the crawler ----

    /** Unlinks every expired or flushed item, as memcached's LRU crawler does in the background. */
    void reclaimDead() {
        long now = now();
        for (Item it : new ArrayList<>(items.values())) {
            if (isFlushed(it) || (it.exptime != 0 && it.exptime <= now)) {
                unlink(it);
                stats.reclaimed++;
            }
        }
    }

    private void cacheDump(ServerRequest.CacheDump r, ReplyWriter out) {
        reclaimDead();
        List<Item> newestFirst = new ArrayList<>();
        for (Item it : items.values()) {
            if (slabs.classOf(it.total()) == r.slabClass()) {
                newestFirst.add(0, it);
            }
        }
        long shown = 0;
        for (Item it : newestFirst) {
            if (r.limit() != 0 && shown == r.limit()) {
                break;
            }
            out.line("ITEM " + it.key + " [" + it.value.length + " b; "
                    + (it.exptime == 0 ? 0 : it.exptime + processStarted) + " s]");
            shown++;
        }
        out.end();
    }

    private void lruCrawler(List<String> args, ReplyWriter out) {
        if (args.size() == 2 && args.get(0).equals("crawl")) {
            if (!lruCrawler) {
                out.line("CLIENT_ERROR lru crawler disabled");
            } else {
                out.line(parseClasses(args.get(1)) == null ? "BADCLASS invalid class id" : "OK");
            }
        } else if (args.size() == 2 && args.get(0).equals("tocrawl")) {
            out.line(MemcachedNumbers.parseUnsigned32(args.get(1)) == null ? "CLIENT_ERROR bad command line format" : "OK");
        } else if (args.size() == 2 && args.get(0).equals("sleep")) {
            Long sleep = MemcachedNumbers.parseUnsigned32(args.get(1));
            out.line(sleep == null ? "CLIENT_ERROR bad command line format"
                    : sleep > 1_000_000 ? "CLIENT_ERROR sleep must be one second or less" : "OK");
        } else if (args.size() == 1 && args.get(0).equals("enable")) {
            out.line(lruCrawler ? "ERROR failed to start lru crawler thread" : "OK");
            lruCrawler = true;
        } else if (args.size() == 1 && args.get(0).equals("disable")) {
            lruCrawler = false;
            out.line("OK");
        } else {
            out.line("ERROR");
        }
    }

    /** @return the selected class ids, all of them for {@code all} and {@code hash}; null when invalid */
    private boolean[] parseClasses(String selector) {
        boolean[] selected = new boolean[MAX_SLAB_CLASSES];
        if (selector.equals("all") || selector.equals("hash")) {
            Arrays.fill(selected, true);
            return selected;
        }
        for (String part : selector.split(",", -1)) {
            Long id = MemcachedNumbers.parseUnsigned32(part);
            if (id == null || id < 1 || id >= MAX_SLAB_CLASSES) {
                return null;
            }
            selected[id.intValue()] = true;
        }
        return selected;
    }

    private void metaDump(String selector, ReplyWriter out) {
        if (!lruCrawler) {
            out.line("CLIENT_ERROR lru crawler disabled");
            return;
        }
        if (out.unflushedSize() > 0) {
            out.line("ERROR cannot pipeline other commands before metadump");
            return;
        }
        boolean[] selected = parseClasses(selector);
        if (selected == null) {
            out.line("BADCLASS invalid class id");
            return;
        }
        reclaimDead();
        for (Item it : items.values()) {
            if (!selected[slabs.classOf(it.total())]) {
                continue;
            }
            out.text("key=").text(uriEncode(it.key))
                    .text(" exp=").text(Long.toString(it.exptime == 0 ? -1 : it.exptime + processStarted))
                    .text(" la=").text(Long.toString(it.time + processStarted))
                    .text(" cas=").text(Long.toUnsignedString(it.cas))
                    .text(" fetch=").text(it.fetched ? "yes" : "no")
                    .text(" cls=").text(Integer.toString(slabs.classOf(it.total())))
                    .text(" size=").text(Long.toString(it.total())).text("\n");
        }
        out.end();
    }

    /** memcached's {@code uri_encode}: everything but ASCII letters, digits and {@code -._~} as {@code %XX}. */
    static String uriEncode(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", (int) c & 0xFF));
            }
        }
        return sb.toString();
    }

    // ---- what StatsReport reads ----

    Stats stats() {
        return stats;
    }

    SlabClasses slabs() {
        return slabs;
    }

    Map<String, Item> items() {
        return items;
    }

    long itemBytes() {
        return itemBytes;
    }

    long casCounter() {
        return casCounter;
    }

    int verbosity() {
        return verbosity;
    }

    boolean lruCrawlerEnabled() {
        return lruCrawler;
    }

    int currentConnections() {
        return currentConnections;
    }

    long totalConnections() {
        return totalConnections;
    }

    long oldestLive() {
        return oldestLive;
    }
}
