package io.memcached4j.testkit.internal.server;

import io.memcached4j.protocol.text.server.ReplyWriter;

import java.util.List;
import java.util.TreeMap;

/** Writes the {@code stats} groups with the names and order memcached 1.6.18 uses. */
final class StatsReport {
    private StatsReport() {
    }

    static void write(Engine engine, List<String> args, ReplyWriter out) {
        engine.store().reclaimInBackground();
        if (args.isEmpty()) {
            general(engine, out);
        } else {
            switch (args.get(0)) {
                case "reset" -> {
                    engine.stats().reset();
                    engine.store().slabs().resetCounters();
                    out.line("RESET");
                    return;
                }
                case "settings" -> settings(engine, out);
                case "items" -> items(engine, out);
                case "slabs" -> slabs(engine, out);
                case "sizes" -> out.stat("sizes_status", "disabled");
                case "conns" -> {
                    // connection details are not modelled
                }
                default -> {
                    out.line("ERROR");
                    return;
                }
            }
        }
        out.end();
    }

    private static void general(Engine e, ReplyWriter out) {
        Stats s = e.stats();
        SlabClasses slabs = e.store().slabs();
        long now = e.time().now();
        out.stat("pid", ProcessHandle.current().pid());
        out.stat("uptime", now - ProcessTime.ITEM_UPDATE_INTERVAL);
        out.stat("time", now + e.time().processStarted());
        out.stat("version", e.settings().version());
        out.stat("libevent", "2.1.12-stable");
        out.stat("pointer_size", 64);
        out.stat("rusage_user", "0.000000");
        out.stat("rusage_system", "0.000000");
        out.stat("max_connections", e.settings().maxConnections());
        out.stat("curr_connections", e.currentConnections());
        out.stat("total_connections", e.totalConnections());
        out.stat("rejected_connections", 0);
        out.stat("connection_structures", e.currentConnections());
        zero(out, "response_obj_oom", "response_obj_count", "response_obj_bytes", "read_buf_count",
                "read_buf_bytes", "read_buf_bytes_free", "read_buf_oom");
        out.stat("reserved_fds", 20);
        out.stat("cmd_get", s.getCmds);
        out.stat("cmd_set", slabs.sum(c -> c.setCmds));
        out.stat("cmd_flush", s.flushCmds);
        out.stat("cmd_touch", s.touchCmds);
        out.stat("cmd_meta", s.metaCmds);
        out.stat("get_hits", slabs.sum(c -> c.getHits));
        out.stat("get_misses", s.getMisses);
        out.stat("get_expired", s.getExpired);
        out.stat("get_flushed", s.getFlushed);
        out.stat("delete_misses", s.deleteMisses);
        out.stat("delete_hits", slabs.sum(c -> c.deleteHits));
        out.stat("incr_misses", s.incrMisses);
        out.stat("incr_hits", slabs.sum(c -> c.incrHits));
        out.stat("decr_misses", s.decrMisses);
        out.stat("decr_hits", slabs.sum(c -> c.decrHits));
        out.stat("cas_misses", s.casMisses);
        out.stat("cas_hits", slabs.sum(c -> c.casHits));
        out.stat("cas_badval", slabs.sum(c -> c.casBadval));
        out.stat("touch_hits", slabs.sum(c -> c.touchHits));
        out.stat("touch_misses", s.touchMisses);
        out.stat("store_too_large", s.storeTooLarge);
        out.stat("store_no_memory", s.storeNoMemory);
        out.stat("auth_cmds", 0);
        out.stat("auth_errors", 0);
        out.stat("bytes_read", s.bytesRead);
        out.stat("bytes_written", s.bytesWritten);
        out.stat("limit_maxbytes", e.settings().maxBytes());
        out.stat("accepting_conns", 1);
        zero(out, "listen_disabled_num", "time_in_listen_disabled_us");
        out.stat("threads", 4);
        out.stat("conn_yields", 0);
        out.stat("hash_power_level", 16);
        out.stat("hash_bytes", 524288);
        zero(out, "hash_is_expanding", "slab_reassign_rescues", "slab_reassign_chunk_rescues",
                "slab_reassign_evictions_nomem", "slab_reassign_inline_reclaim", "slab_reassign_busy_items",
                "slab_reassign_busy_deletes", "slab_reassign_running", "slabs_moved", "lru_crawler_running",
                "lru_crawler_starts", "lru_maintainer_juggles", "malloc_fails", "log_worker_dropped",
                "log_worker_written", "log_watcher_skipped", "log_watcher_sent", "log_watchers");
        if (e.settings().security().tls() != null) {
            // as memcached -Z: no session cache, so no ssl_new_sessions; failed handshakes are not
            // counted (memcached counts only those that fail as it accepts the connection)
            out.stat("ssl_handshake_errors", 0);
            // memcached loads the certificate before its clock starts, at process time 0
            out.stat("time_since_server_cert_refresh", now);
        }
        zero(out, "unexpected_napi_ids", "round_robin_fallback");
        out.stat("bytes", e.store().itemBytes());
        out.stat("curr_items", e.store().size());
        out.stat("total_items", s.totalItems);
        out.stat("slab_global_page_pool", 0);
        out.stat("expired_unfetched", slabs.sum(c -> c.expiredUnfetched));
        out.stat("evicted_unfetched", slabs.sum(c -> c.evictedUnfetched));
        out.stat("evicted_active", 0);
        out.stat("evictions", slabs.sum(c -> c.evicted));
        out.stat("reclaimed", slabs.sum(c -> c.reclaimed));
        zero(out, "crawler_reclaimed", "crawler_items_checked", "lrutail_reflocked", "moves_to_cold",
                "moves_to_warm", "moves_within_lru", "direct_reclaims", "lru_bumps_dropped");
    }

    private static void zero(ReplyWriter out, String... names) {
        for (String name : names) {
            out.stat(name, 0);
        }
    }

    private static void settings(Engine e, ReplyWriter out) {
        EngineSettings st = e.settings();
        ConnectionSecurity security = st.security();
        ConnectionSecurity.Files files = security.files();
        boolean login = security.users() != null;
        out.stat("maxbytes", st.maxBytes());
        out.stat("maxconns", st.maxConnections());
        out.stat("tcpport", e.port());
        out.stat("udpport", 0);
        out.stat("inter", st.listenAddress());
        out.stat("verbosity", e.verbosity());
        out.stat("oldest", e.store().oldestLive());
        out.stat("evictions", "on");
        out.stat("domain_socket", "NULL");
        out.stat("umask", 700);
        out.stat("shutdown_command", "no");
        out.stat("growth_factor", "1.25");
        out.stat("chunk_size", 48);
        out.stat("num_threads", 4);
        out.stat("num_threads_per_udp", 4);
        out.stat("stat_key_prefix", ":");
        out.stat("detail_enabled", "no");
        out.stat("reqs_per_event", 20);
        out.stat("cas_enabled", "yes");
        out.stat("tcp_backlog", 1024);
        out.stat("binding_protocol", login ? "ascii" : "auto-negotiate"); // -Y forces the text protocol
        out.stat("auth_enabled_sasl", "no");
        out.stat("auth_enabled_ascii", !login ? "no" : files.authFile() != null ? files.authFile() : "yes");
        out.stat("item_size_max", st.itemSizeMax());
        out.stat("maxconns_fast", "yes");
        out.stat("hashpower_init", 0);
        out.stat("slab_reassign", "yes");
        out.stat("slab_automove", 1);
        out.stat("slab_automove_ratio", "0.80");
        out.stat("slab_automove_window", 30);
        out.stat("slab_chunk_max", e.store().slabs().chunkSize(e.store().slabs().largest()));
        out.stat("lru_crawler", e.lruCrawlerEnabled() ? "yes" : "no");
        out.stat("lru_crawler_sleep", 100);
        out.stat("lru_crawler_tocrawl", 0);
        out.stat("tail_repair_time", 0);
        out.stat("flush_enabled", "yes");
        out.stat("dump_enabled", "yes");
        out.stat("hash_algorithm", "murmur3");
        out.stat("lru_maintainer_thread", "yes");
        out.stat("lru_segmented", "yes");
        out.stat("hot_lru_pct", 20);
        out.stat("warm_lru_pct", 40);
        out.stat("hot_max_factor", "0.20");
        out.stat("warm_max_factor", "2.00");
        out.stat("temp_lru", "no");
        out.stat("temporary_ttl", 61);
        out.stat("idle_timeout", 0);
        out.stat("watcher_logbuf_size", 262144);
        out.stat("worker_logbuf_size", 65536);
        out.stat("read_buf_mem_limit", 0);
        out.stat("track_sizes", "no");
        out.stat("inline_ascii_response", "no");
        out.stat("ext_item_size", 512);
        out.stat("ext_item_age", 4294967295L);
        out.stat("ext_low_ttl", 0);
        out.stat("ext_recache_rate", 2000);
        out.stat("ext_wbuf_size", 4194304);
        out.stat("ext_compact_under", 0);
        out.stat("ext_drop_under", 0);
        out.stat("ext_max_sleep", 1000000);
        out.stat("ext_max_frag", "0.80");
        out.stat("slab_automove_freeratio", "0.010");
        out.stat("ext_drop_unread", "no");
        out.stat("ssl_enabled", security.tls() != null ? "yes" : "no");
        out.stat("ssl_chain_cert", orElse(files.chainCert(), "(null)")); // as glibc prints a null char*
        out.stat("ssl_key", orElse(files.key(), "(null)"));
        // OpenSSL's flags: 1 SSL_VERIFY_PEER, 2 adds FAIL_IF_NO_PEER_CERT (3), 3 adds CLIENT_ONCE (7)
        out.stat("ssl_verify_mode", new int[] {0, 1, 3, 7}[security.verifyMode()]);
        out.stat("ssl_keyformat", 1);
        out.stat("ssl_ciphers", "NULL");
        out.stat("ssl_ca_cert", orElse(files.caCert(), "NULL"));
        out.stat("ssl_wbuf_size", 16384);
        out.stat("ssl_session_cache", "no");
        out.stat("ssl_kernel_tls", "no");
        out.stat("ssl_min_version", "tlsv1.2");
        out.stat("num_napi_ids", "(null)");
        out.stat("memory_file", "(null)");
    }

    private static String orElse(String value, String absent) {
        return value != null ? value : absent;
    }

    /** @return per class with items: the seconds since the least recently used item's last access */
    private static TreeMap<Integer, Long> ages(Engine e) {
        TreeMap<Integer, Long> ages = new TreeMap<>();
        long now = e.time().now();
        for (Item it : e.store().items()) {
            ages.merge(e.store().classOf(it).id, now - it.time, Math::max);
        }
        return ages;
    }

    private static void items(Engine e, ReplyWriter out) {
        TreeMap<Integer, Long> ages = ages(e);
        for (SlabClass c : e.store().slabs().withPages()) {
            if (c.items == 0) {
                continue;
            }
            String p = "items:" + c.id + ":";
            out.stat(p + "number", c.items);
            out.stat(p + "number_hot", 0);
            out.stat(p + "number_warm", 0);
            out.stat(p + "number_cold", c.items);
            out.stat(p + "age_hot", 0);
            out.stat(p + "age_warm", 0);
            out.stat(p + "age", ages.getOrDefault(c.id, 0L));
            out.stat(p + "mem_requested", c.memRequested);
            out.stat(p + "evicted", c.evicted);
            out.stat(p + "evicted_nonzero", c.evictedNonzero);
            out.stat(p + "evicted_time", 0);
            out.stat(p + "outofmemory", c.outOfMemory);
            out.stat(p + "tailrepairs", 0);
            out.stat(p + "reclaimed", c.reclaimed);
            out.stat(p + "expired_unfetched", c.expiredUnfetched);
            out.stat(p + "evicted_unfetched", c.evictedUnfetched);
            zero(out, p + "evicted_active", p + "crawler_reclaimed", p + "crawler_items_checked",
                    p + "lrutail_reflocked", p + "moves_to_cold", p + "moves_to_warm", p + "moves_within_lru",
                    p + "direct_reclaims", p + "hits_to_hot", p + "hits_to_warm", p + "hits_to_cold",
                    p + "hits_to_temp");
        }
    }

    private static void slabs(Engine e, ReplyWriter out) {
        long pages = 0;
        List<SlabClass> classes = e.store().slabs().withPages();
        for (SlabClass c : classes) {
            pages += c.pages;
            String p = c.id + ":";
            out.stat(p + "chunk_size", c.chunkSize);
            out.stat(p + "chunks_per_page", c.chunksPerPage);
            out.stat(p + "total_pages", c.pages);
            out.stat(p + "total_chunks", c.totalChunks());
            out.stat(p + "used_chunks", c.usedChunks);
            out.stat(p + "free_chunks", c.totalChunks() - c.usedChunks);
            out.stat(p + "free_chunks_end", 0);
            out.stat(p + "get_hits", c.getHits);
            out.stat(p + "cmd_set", c.setCmds);
            out.stat(p + "delete_hits", c.deleteHits);
            out.stat(p + "incr_hits", c.incrHits);
            out.stat(p + "decr_hits", c.decrHits);
            out.stat(p + "cas_hits", c.casHits);
            out.stat(p + "cas_badval", c.casBadval);
            out.stat(p + "touch_hits", c.touchHits);
        }
        out.stat("active_slabs", classes.size());
        out.stat("total_malloced", pages * SlabClasses.PAGE_SIZE);
    }
}
