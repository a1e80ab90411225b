package io.memcached4j.testkit.internal.server;

import io.memcached4j.protocol.text.server.MetaOptions;
import io.memcached4j.protocol.text.server.ReplyWriter;
import io.memcached4j.protocol.text.server.ServerRequest;
import io.memcached4j.protocol.text.server.ServerRequest.StoreMode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The meta commands over the {@link ItemStore}, as memcached 1.6.18's {@code proto_text.c}
 * answers them: mg, ms, md, ma and me, with their flags, quiet mode, opaque tokens and the
 * stale/win tokens of {@code I} (invalidate), {@code N} (vivify) and {@code R} (recache).
 * Guarded by the engine's lock.
 */
final class MetaCommands {
    private final ItemStore store;
    private final ProcessTime time;
    private final Stats stats;

    MetaCommands(ItemStore store, ProcessTime time, Stats stats) {
        this.store = store;
        this.time = time;
        this.stats = stats;
    }

    /** Executes mg, ms, md or ma (memcached 1.6.18 counts only {@code me} in {@code cmd_meta}). */
    void handle(ServerRequest.Meta r, ReplyWriter out) {
        switch (r.command()) {
            case "mg" -> get(r, out);
            case "ms" -> set(r, out);
            case "md" -> delete(r, out);
            default -> arithmetic(r, out);
        }
    }

    private static String metaKey(String key, boolean binary) {
        if (!binary) {
            return " k" + key;
        }
        return " k" + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.ISO_8859_1)) + " b";
    }

    private static String ttlRemaining(Item it, long now) {
        return it.exptime == 0 ? "-1" : Long.toString((it.exptime - now) & 0xFFFF_FFFFL);
    }

    private void get(ServerRequest.Meta r, ReplyWriter out) {
        MetaOptions o = r.options();
        boolean locked = o.vivifyTtl() != null || o.ttl() != null || o.recacheTtl() != null
                || r.flags().stream().anyMatch(f -> f.charAt(0) == 'l' || f.charAt(0) == 'h');
        Item it = store.lookup(r.key());
        if (it != null && !locked && !o.noBump()) {
            store.bump(it);
        }
        boolean created = false;
        if (it == null && o.vivifyTtl() != null) {
            it = new Item(r.key(), 0, new byte[0], 0, (int) time.now(), o.base64Key());
            if (store.link(it)) {
                created = true;
            } else {
                it = null;
            }
        }
        boolean ttlSet = false;
        if (it != null) {
            long now = time.now();
            boolean won = false;
            StringBuilder line = new StringBuilder(o.returnValue() ? "VA " + it.value.length : "HD");
            for (String flag : r.flags()) {
                switch (flag.charAt(0)) {
                    case 'T' -> {
                        ttlSet = true;
                        it.exptime = (int) time.realtime(o.ttl());
                    }
                    case 'N' -> {
                        if (created) {
                            it.exptime = (int) time.realtime(o.vivifyTtl());
                            won = true;
                        }
                    }
                    case 'R' -> {
                        if (!it.tokenSent && !created && it.exptime != 0 && it.exptime < time.realtime(o.recacheTtl())) {
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
                store.bump(it);
            }
            if (ttlSet) {
                stats.touchCmds++;
                store.classOf(it).touchHits++;
            } else {
                stats.getCmds++;
                store.classOf(it).getHits++;
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

    private void set(ServerRequest.Meta r, ReplyWriter out) {
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
        long exptime = o.ttl() == null ? 0 : time.realtime(o.ttl());
        Item it = new Item(r.key(), o.clientFlags(), r.data(), (int) exptime, (int) time.now(), o.base64Key());
        String result = store.store(it, mode, compare, o.invalidate() && mode == StoreMode.CAS);
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
        Item it = store.peek(key);
        return it == null ? 0 : it.cas;
    }

    private void delete(ServerRequest.Meta r, ReplyWriter out) {
        MetaOptions o = r.options();
        StringBuilder tail = new StringBuilder();
        appendOpaqueAndKey(r, tail);
        Item it = store.lookup(r.key());
        String code;
        if (it == null) {
            stats.deleteMisses++;
            code = "NF";
        } else if (o.compareCas() != null && it.cas != o.compareCas()) {
            stats.deleteMisses++;
            code = "EX";
        } else if (o.invalidate()) {
            if (o.ttl() != null) {
                it.exptime = (int) time.realtime(o.ttl());
            }
            it.stale = true;
            it.tokenSent = false;
            it.cas = store.nextCas();
            code = "HD";
        } else {
            store.classOf(it).deleteHits++;
            store.unlink(it);
            code = "HD";
        }
        if (code.equals("HD") && o.quiet()) {
            return;
        }
        out.line(code + tail);
    }

    private void arithmetic(ServerRequest.Meta r, ReplyWriter out) {
        MetaOptions o = r.options();
        boolean incr = o.mode() != 'D' && o.mode() != '-';
        long delta = o.delta() == null ? 1 : o.delta();
        long[] result = new long[1];
        ItemStore.Delta outcome = store.addDelta(r.key(), incr, delta, o.compareCas() == null ? 0 : o.compareCas(), result);
        Item it = null;
        boolean created = false;
        switch (outcome) {
            case NON_NUMERIC -> {
                out.line("CLIENT_ERROR cannot increment or decrement non-numeric value");
                return;
            }
            case OK -> it = store.peek(r.key());
            case NOT_FOUND -> {
                if (o.vivifyTtl() != null) {
                    byte[] digits = Long.toUnsignedString(o.initial()).getBytes(StandardCharsets.US_ASCII);
                    it = new Item(r.key(), 0, digits, 0, (int) time.now(), o.base64Key());
                    if (!store.link(it)) {
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
            StringBuilder line = new StringBuilder(outcome == ItemStore.Delta.CAS_MISMATCH ? "EX" : "NF");
            appendOpaqueAndKey(r, line);
            out.line(line.toString());
            return;
        }
        if (outcome == ItemStore.Delta.OK && o.quiet()) {
            for (String flag : r.flags()) {
                applyArithmeticTtl(flag, o, it, created);
            }
            return;
        }
        String number = Long.toUnsignedString(result[0]);
        StringBuilder line = new StringBuilder(o.returnValue() ? "VA " + number.length() : "HD");
        long now = time.now();
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
            it.exptime = (int) time.realtime(o.ttl());
        } else if (flag.charAt(0) == 'N' && created) {
            it.exptime = (int) time.realtime(o.vivifyTtl());
        }
    }

    void debug(ServerRequest.MetaDebug r, ReplyWriter out) {
        stats.metaCmds++;
        Item it = store.lookup(r.key());
        if (it == null) {
            out.line("EN");
            return;
        }
        long now = time.now();
        String key = it.binaryKey
                ? Base64.getEncoder().encodeToString(it.key.getBytes(StandardCharsets.ISO_8859_1)) : it.key;
        out.line("ME " + key + " exp=" + (it.exptime == 0 ? -1 : (int) (now - it.exptime)) + " la=" + (now - it.time)
                + " cas=" + Long.toUnsignedString(it.cas) + " fetch=" + (it.fetched ? "yes" : "no")
                + " cls=" + store.slabs().classOf(it.total()) + " size=" + it.total());
    }
}
