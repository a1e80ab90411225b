package io.memcached4j.testkit.internal.server;

import io.memcached4j.protocol.text.server.ReplyWriter;
import io.memcached4j.protocol.text.server.ServerRequest;
import io.memcached4j.protocol.text.server.ServerRequest.StoreMode;

/**
 * The classic text commands over the {@link ItemStore}, as memcached 1.6.18's
 * {@code proto_text.c} answers them: get/gets/gat/gats, the storage commands, delete, incr/decr,
 * touch and flush_all. Guarded by the engine's lock.
 */
final class ClassicCommands {
    private final ItemStore store;
    private final ProcessTime time;
    private final Stats stats;

    ClassicCommands(ItemStore store, ProcessTime time, Stats stats) {
        this.store = store;
        this.time = time;
        this.stats = stats;
    }

    /** Writes the line unless the request said {@code noreply}. */
    static void reply(ReplyWriter out, boolean noreply, String line) {
        if (!noreply) {
            out.line(line);
        }
    }

    void get(ServerRequest.Get r, ReplyWriter out) {
        long exptime = r.touch() ? time.realtime(r.exptime()) : 0;
        for (String key : r.keys()) {
            Item it = store.lookup(key);
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
                store.classOf(it).touchHits++;
            } else {
                store.classOf(it).getHits++;
            }
            out.value(it.key, it.flags, it.value, r.withCas(), it.cas);
            store.bump(it);
        }
        out.end();
        out.markFlushed();
    }

    void store(ServerRequest.Store r, ReplyWriter out) {
        Item it = new Item(r.key(), r.flags(), r.data(), (int) time.realtime(r.exptime()), (int) time.now(), false);
        String result = store.store(it, r.mode(), r.cas(), false);
        reply(out, r.noreply(), result);
    }

    /** A storage command (classic or {@code ms}) whose value exceeds the item size limit. */
    void tooLarge(ServerRequest.TooLarge r, ReplyWriter out) {
        stats.storeTooLarge++;
        if (r.command().equals("ms") || r.mode() == StoreMode.SET) {
            store.remove(r.key());
        }
        if (r.command().equals("ms")) {
            out.line("SERVER_ERROR object too large for cache");
        } else {
            reply(out, r.noreply(), "SERVER_ERROR object too large for cache");
        }
    }

    void delete(ServerRequest.Delete r, ReplyWriter out) {
        Item it = store.lookup(r.key());
        if (it != null) {
            store.classOf(it).deleteHits++;
            store.unlink(it);
            reply(out, r.noreply(), "DELETED");
        } else {
            stats.deleteMisses++;
            reply(out, r.noreply(), "NOT_FOUND");
        }
    }

    void arithmetic(ServerRequest.Arithmetic r, ReplyWriter out) {
        long[] result = new long[1];
        switch (store.addDelta(r.key(), r.incr(), r.delta(), 0, result)) {
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

    void touch(ServerRequest.Touch r, ReplyWriter out) {
        long exptime = time.realtime(r.exptime());
        Item it = store.lookup(r.key());
        stats.touchCmds++;
        if (it != null) {
            it.exptime = (int) exptime;
            store.bump(it);
            store.classOf(it).touchHits++;
            reply(out, r.noreply(), "TOUCHED");
        } else {
            stats.touchMisses++;
            reply(out, r.noreply(), "NOT_FOUND");
        }
    }

    void flushAll(ServerRequest.FlushAll r, ReplyWriter out) {
        stats.flushCmds++;
        store.flush(r.delay());
        reply(out, r.noreply(), "OK");
    }
}
