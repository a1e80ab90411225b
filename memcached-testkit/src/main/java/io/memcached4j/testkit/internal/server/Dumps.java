package io.memcached4j.testkit.internal.server;

import io.memcached4j.protocol.text.server.MemcachedNumbers;
import io.memcached4j.protocol.text.server.ReplyWriter;
import io.memcached4j.protocol.text.server.ServerRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The commands that list the {@link ItemStore}, as memcached 1.6.18 answers them:
 * {@code stats cachedump}, {@code lru_crawler metadump} and the {@code lru_crawler} controls. As
 * memcached's crawler does before a dump, dead items are reclaimed first. Guarded by the engine's
 * lock.
 */
final class Dumps {
    private static final int MAX_SLAB_CLASSES = 64;

    private final ItemStore store;
    private final ProcessTime time;
    private boolean crawlerEnabled = true;

    Dumps(ItemStore store, ProcessTime time) {
        this.store = store;
        this.time = time;
    }

    /** @return whether the LRU crawler is enabled, for {@code stats settings} */
    boolean crawlerEnabled() {
        return crawlerEnabled;
    }

    void cacheDump(ServerRequest.CacheDump r, ReplyWriter out) {
        store.reclaimDead();
        List<Item> newestFirst = new ArrayList<>();
        for (Item it : store.items()) {
            if (store.slabs().classOf(it.total()) == r.slabClass()) {
                newestFirst.add(0, it);
            }
        }
        long shown = 0;
        for (Item it : newestFirst) {
            if (r.limit() != 0 && shown == r.limit()) {
                break;
            }
            out.line("ITEM " + it.key + " [" + it.value.length + " b; "
                    + (it.exptime == 0 ? 0 : it.exptime + time.processStarted()) + " s]");
            shown++;
        }
        out.end();
    }

    void lruCrawler(List<String> args, ReplyWriter out) {
        if (args.size() == 2 && args.get(0).equals("crawl")) {
            if (!crawlerEnabled) {
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
            out.line(crawlerEnabled ? "ERROR failed to start lru crawler thread" : "OK");
            crawlerEnabled = true;
        } else if (args.size() == 1 && args.get(0).equals("disable")) {
            crawlerEnabled = false;
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

    void metaDump(String selector, ReplyWriter out) {
        if (!crawlerEnabled) {
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
        store.reclaimDead();
        for (Item it : store.items()) {
            if (!selected[store.slabs().classOf(it.total())]) {
                continue;
            }
            out.text("key=").text(uriEncode(it.key))
                    .text(" exp=").text(Long.toString(it.exptime == 0 ? -1 : it.exptime + time.processStarted()))
                    .text(" la=").text(Long.toString(it.time + time.processStarted()))
                    .text(" cas=").text(Long.toUnsignedString(it.cas))
                    .text(" fetch=").text(it.fetched ? "yes" : "no")
                    .text(" cls=").text(Integer.toString(store.slabs().classOf(it.total())))
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
}
