package io.memcached4j.protocol.text;

import io.memcached4j.CasItem;
import io.memcached4j.ClientErrorException;
import io.memcached4j.Item;
import io.memcached4j.MemcachedException;
import io.memcached4j.MetaFlag;
import io.memcached4j.MetaRequest;
import io.memcached4j.MetaResponse;
import io.memcached4j.MetaStatus;
import io.memcached4j.ServerErrorException;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.Request.RetrievalCommand;
import io.memcached4j.core.codec.Request.StorageCommand;
import io.memcached4j.core.codec.Request.StoreResult;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The golden requests and replies of the text protocol, shared by the unit, split, fuzz and real-server tests. */
final class Golden {
    static final int ITEM_SIZE_LIMIT = 1024 * 1024;

    private Golden() {
    }

    /** A request and its exact bytes. */
    record Encoding(String name, Request<?> request, String wire) {
        byte[] bytes() {
            return wire.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A reply's exact bytes and what the decoder makes of them: a value or a {@link Failure}. */
    record Reply(String name, Request<?> request, String wire, Object expected) {
        byte[] bytes() {
            return wire.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** An expected exception: its class and message. */
    record Failure(Class<? extends MemcachedException> type, String message) {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Request.Retrieval get(RetrievalCommand command, int expiration, String... keys) {
        return new Request.Retrieval(command, List.of(keys), expiration);
    }

    static Request.GetAll getAll(String... keys) {
        return new Request.GetAll(List.of(keys));
    }

    /** What a {@link Request.GetAll} decodes to: the items found by key, with an expiration of 0. */
    static Map<String, Item> found(Item... items) {
        Map<String, Item> found = new HashMap<>();
        for (Item item : items) {
            found.put(item.key(), item);
        }
        return found;
    }

    static Request.Storage store(StorageCommand command, String key, String value, int flags, int exp, long cas,
                                 boolean noreply) {
        return new Request.Storage(command, key, utf8(value), flags, exp, cas, noreply);
    }

    static Request.Meta meta(MetaRequest request) {
        return new Request.Meta(request);
    }

    static CasItem item(String key, String value, int flags, long cas) {
        return new CasItem(key, utf8(value), flags, 0, cas);
    }

    static MetaResponse metaResponse(MetaStatus status, String value, MetaFlag... flags) {
        return MetaResponse.of(status, List.of(flags), value == null ? null : utf8(value));
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static final List<Encoding> ENCODINGS = List.of(
            new Encoding("get one key", get(RetrievalCommand.GET, 0, "foo"), "get foo\r\n"),
            new Encoding("get many keys", get(RetrievalCommand.GET, 0, "a", "b:1", "c"), "get a b:1 c\r\n"),
            new Encoding("get utf-8 key", get(RetrievalCommand.GET, 0, "café"), "get café\r\n"),
            new Encoding("gets", get(RetrievalCommand.GETS, 0, "foo", "bar"), "gets foo bar\r\n"),
            new Encoding("gat", get(RetrievalCommand.GAT, 100, "foo"), "gat 100 foo\r\n"),
            new Encoding("gats many", get(RetrievalCommand.GATS, -1, "a", "b"), "gats -1 a b\r\n"),
            new Encoding("getAll one key", getAll("foo"), "get foo\r\n"),
            new Encoding("getAll many keys", getAll("a", "b:1", "café"), "get a b:1 café\r\n"),
            new Encoding("set", store(StorageCommand.SET, "foo", "bar", 5, 0, 0, false), "set foo 5 0 3\r\nbar\r\n"),
            new Encoding("set unsigned flags", store(StorageCommand.SET, "k", "v", -1, 3600, 0, false),
                    "set k 4294967295 3600 1\r\nv\r\n"),
            new Encoding("set empty value", store(StorageCommand.SET, "k", "", 0, 0, 0, false), "set k 0 0 0\r\n\r\n"),
            new Encoding("set noreply", store(StorageCommand.SET, "k", "v", 0, 0, 0, true), "set k 0 0 1 noreply\r\nv\r\n"),
            new Encoding("add", store(StorageCommand.ADD, "k", "v", 1, 2, 0, false), "add k 1 2 1\r\nv\r\n"),
            new Encoding("add noreply", store(StorageCommand.ADD, "k", "v", 1, 2, 0, true), "add k 1 2 1 noreply\r\nv\r\n"),
            new Encoding("replace", store(StorageCommand.REPLACE, "k", "vv", 0, 0, 0, false), "replace k 0 0 2\r\nvv\r\n"),
            new Encoding("replace noreply", store(StorageCommand.REPLACE, "k", "v", 0, 0, 0, true),
                    "replace k 0 0 1 noreply\r\nv\r\n"),
            new Encoding("append", store(StorageCommand.APPEND, "k", "v", 0, 0, 0, false), "append k 0 0 1\r\nv\r\n"),
            new Encoding("append noreply", store(StorageCommand.APPEND, "k", "v", 0, 0, 0, true),
                    "append k 0 0 1 noreply\r\nv\r\n"),
            new Encoding("prepend", store(StorageCommand.PREPEND, "k", "v", 0, 0, 0, false), "prepend k 0 0 1\r\nv\r\n"),
            new Encoding("prepend noreply", store(StorageCommand.PREPEND, "k", "v", 0, 0, 0, true),
                    "prepend k 0 0 1 noreply\r\nv\r\n"),
            new Encoding("cas", store(StorageCommand.CAS, "k", "v", 0, 0, 12345, false), "cas k 0 0 1 12345\r\nv\r\n"),
            new Encoding("cas unsigned token noreply", store(StorageCommand.CAS, "k", "v", 0, 0, -1L, true),
                    "cas k 0 0 1 18446744073709551615 noreply\r\nv\r\n"),
            new Encoding("delete", new Request.Deletion("k", false), "delete k\r\n"),
            new Encoding("delete noreply", new Request.Deletion("k", true), "delete k noreply\r\n"),
            new Encoding("incr", new Request.Arithmetic(true, "n", 1, false), "incr n 1\r\n"),
            new Encoding("incr unsigned", new Request.Arithmetic(true, "n", -1L, false), "incr n 18446744073709551615\r\n"),
            new Encoding("decr noreply", new Request.Arithmetic(false, "n", 5, true), "decr n 5 noreply\r\n"),
            new Encoding("touch", new Request.Touch("k", 10, false), "touch k 10\r\n"),
            new Encoding("touch noreply", new Request.Touch("k", 10, true), "touch k 10 noreply\r\n"),
            new Encoding("flush_all", new Request.FlushAll(0, false), "flush_all\r\n"),
            new Encoding("flush_all delay", new Request.FlushAll(10, false), "flush_all 10\r\n"),
            new Encoding("flush_all noreply", new Request.FlushAll(0, true), "flush_all noreply\r\n"),
            new Encoding("flush_all delay noreply", new Request.FlushAll(7, true), "flush_all 7 noreply\r\n"),
            new Encoding("version", new Request.Version(), "version\r\n"),
            new Encoding("verbosity", new Request.Verbosity(1, false), "verbosity 1\r\n"),
            new Encoding("verbosity noreply", new Request.Verbosity(0, true), "verbosity 0 noreply\r\n"),
            new Encoding("stats", new Request.Stats(null), "stats\r\n"),
            new Encoding("stats group", new Request.Stats("settings"), "stats settings\r\n"),
            new Encoding("quit", new Request.Quit(), "quit\r\n"),
            new Encoding("raw line", new Request.RawLine("stats detail dump"), "stats detail dump\r\n"),
            new Encoding("mg every flag", meta(MetaRequest.get("foo").value().cas().clientFlags().ttl().key().size()
                    .hit().lastAccess().noBump().opaque("op1").setTtl(30).vivify(60).recacheBelow(10).build()),
                    "mg foo v c f t k s h l u Oop1 T30 N60 R10\r\n"),
            new Encoding("mg base64 key", meta(MetaRequest.get("x").base64Key(new byte[] {'f', 'o', 'o'}).value().build()),
                    "mg Zm9v b v\r\n"),
            new Encoding("mg quiet", meta(MetaRequest.get("foo").value().quiet().build()), "mg foo v q\r\nmn\r\n"),
            new Encoding("mg transport opaque", new Request.Meta(MetaRequest.get("foo").value().build(), "7"),
                    "mg foo v O7\r\n"),
            new Encoding("ms quiet transport opaque", new Request.Meta(MetaRequest.set("foo", utf8("x")).quiet().build(),
                    "a9"), "ms foo 1 q Oa9\r\nx\r\nmn\r\n"),
            new Encoding("ms", meta(MetaRequest.set("foo", utf8("bar")).setTtl(10).setClientFlags(-1).cas().build()),
                    "ms foo 3 T10 F4294967295 c\r\nbar\r\n"),
            new Encoding("ms every flag", meta(MetaRequest.set("foo", utf8("bar")).compareCas(5).invalidate().key()
                    .opaque("7").mode('E').newCas(99).quiet().build()),
                    "ms foo 3 C5 I k O7 ME E99 q\r\nbar\r\nmn\r\n"),
            new Encoding("ms base64 key", meta(MetaRequest.set("x", utf8("")).base64Key(new byte[] {0, 1, 2}).build()),
                    "ms AAEC 0 b\r\n\r\n"),
            new Encoding("md", meta(MetaRequest.delete("foo").compareCas(3).invalidate().setTtl(30).key().opaque("a")
                    .build()), "md foo C3 I T30 k Oa\r\n"),
            new Encoding("md quiet", meta(MetaRequest.delete("foo").quiet().build()), "md foo q\r\nmn\r\n"),
            new Encoding("ma", meta(MetaRequest.arithmetic("n").vivify(10).initial(5).delta(-1L).mode('D').setTtl(20)
                    .ttl().cas().value().build()), "ma n N10 J5 D18446744073709551615 MD T20 t c v\r\n"),
            new Encoding("ma quiet", meta(MetaRequest.arithmetic("n").quiet().build()), "ma n q\r\nmn\r\n"),
            new Encoding("mn", meta(MetaRequest.noop()), "mn\r\n"),
            new Encoding("me", meta(MetaRequest.debug("foo").build()), "me foo\r\n"),
            new Encoding("me base64", meta(MetaRequest.debug("x").base64Key(new byte[] {'f', 'o', 'o'}).build()),
                    "me Zm9v b\r\n"));

    private static final Request.Retrieval GET_FOO = get(RetrievalCommand.GET, 0, "foo");
    private static final Request.Retrieval GETS_AB = get(RetrievalCommand.GETS, 0, "a", "b", "c");
    private static final Request.GetAll GET_ALL_ABC = getAll("a", "b", "c");
    private static final Request.Storage SET = store(StorageCommand.SET, "k", "v", 0, 0, 0, false);
    private static final Request.Meta MG = meta(MetaRequest.get("foo").value().cas().build());
    private static final Request.Meta MG_OWN_OPAQUE = meta(MetaRequest.get("foo").cas().key().opaque("op").build());
    private static final Request.Meta MG_OPAQUE = new Request.Meta(MetaRequest.get("foo").value().build(), "7");
    private static final Request.Meta MG_QUIET_OPAQUE = new Request.Meta(MetaRequest.get("foo").value().ttl().quiet()
            .build(), "zz");
    private static final Request.Meta MD_OPAQUE = new Request.Meta(MetaRequest.delete("foo").key().build(), "a1");
    private static final Request.Meta MG_QUIET = meta(MetaRequest.get("foo").value().quiet().build());
    private static final Request.Meta MS_QUIET = meta(MetaRequest.set("foo", utf8("x")).quiet().build());
    private static final Request.Meta MS = meta(MetaRequest.set("foo", utf8("x")).build());
    private static final Request.Meta MD = meta(MetaRequest.delete("foo").build());
    private static final Request.Meta MA = meta(MetaRequest.arithmetic("n").value().build());
    private static final Request.Meta ME = meta(MetaRequest.debug("foo").build());
    private static final Request.RawLine RAW = new Request.RawLine("anything");

    static final List<Reply> REPLIES = List.of(
            new Reply("get hit", GET_FOO, "VALUE foo 5 3\r\nbar\r\nEND\r\n", List.of(item("foo", "bar", 5, 0))),
            new Reply("get miss", GET_FOO, "END\r\n", List.of()),
            new Reply("get unsigned flags, empty value", GET_FOO, "VALUE foo 4294967295 0\r\n\r\nEND\r\n",
                    List.of(item("foo", "", -1, 0))),
            new Reply("get value with CRLF inside", GET_FOO, "VALUE foo 0 6\r\na\r\nEND\r\nEND\r\n",
                    List.of(item("foo", "a\r\nEND", 0, 0))),
            new Reply("gets many", GETS_AB, "VALUE a 0 1 10\r\nx\r\nVALUE c 7 2 18446744073709551615\r\nyz\r\nEND\r\n",
                    List.of(item("a", "x", 0, 10), item("c", "yz", 7, -1L))),
            new Reply("gets misses left out", GETS_AB, "VALUE b 0 1 3\r\ny\r\nEND\r\n", List.of(item("b", "y", 0, 3))),
            new Reply("getAll hits", GET_ALL_ABC, "VALUE a 0 1\r\nx\r\nVALUE c 4294967295 2\r\nyz\r\nEND\r\n",
                    found(new Item("a", utf8("x"), 0, 0), new Item("c", utf8("yz"), -1, 0))),
            new Reply("getAll misses left out", GET_ALL_ABC, "VALUE b 7 0\r\n\r\nEND\r\n",
                    found(new Item("b", utf8(""), 7, 0))),
            new Reply("getAll every key missed", GET_ALL_ABC, "END\r\n", found()),
            new Reply("getAll a miss whose key starts the next", getAll("ab", "abc", "b"),
                    "VALUE abc 1 1\r\nx\r\nVALUE b 2 1\r\ny\r\nEND\r\n",
                    found(new Item("abc", utf8("x"), 1, 0), new Item("b", utf8("y"), 2, 0))),
            new Reply("getAll value with CRLF END inside", GET_ALL_ABC, "VALUE a 0 6\r\na\r\nEND\r\nEND\r\n",
                    found(new Item("a", utf8("a\r\nEND"), 0, 0))),
            new Reply("getAll SERVER_ERROR", GET_ALL_ABC, "SERVER_ERROR out of memory\r\n",
                    new Failure(ServerErrorException.class, "SERVER_ERROR out of memory")),
            new Reply("STORED", SET, "STORED\r\n", StoreResult.STORED),
            new Reply("NOT_STORED", SET, "NOT_STORED\r\n", StoreResult.NOT_STORED),
            new Reply("EXISTS", SET, "EXISTS\r\n", StoreResult.EXISTS),
            new Reply("NOT_FOUND store", SET, "NOT_FOUND\r\n", StoreResult.NOT_FOUND),
            new Reply("DELETED", new Request.Deletion("k", false), "DELETED\r\n", true),
            new Reply("delete NOT_FOUND", new Request.Deletion("k", false), "NOT_FOUND\r\n", false),
            new Reply("TOUCHED", new Request.Touch("k", 1, false), "TOUCHED\r\n", true),
            new Reply("touch NOT_FOUND", new Request.Touch("k", 1, false), "NOT_FOUND\r\n", false),
            new Reply("incr number", new Request.Arithmetic(true, "n", 1, false), "42\r\n", OptionalLong.of(42)),
            new Reply("incr unsigned max", new Request.Arithmetic(true, "n", 1, false), "18446744073709551615\r\n",
                    OptionalLong.of(-1L)),
            new Reply("decr NOT_FOUND", new Request.Arithmetic(false, "n", 1, false), "NOT_FOUND\r\n",
                    OptionalLong.empty()),
            new Reply("incr non-numeric", new Request.Arithmetic(true, "n", 1, false),
                    "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n",
                    new Failure(ClientErrorException.class,
                            "CLIENT_ERROR cannot increment or decrement non-numeric value")),
            new Reply("flush_all OK", new Request.FlushAll(0, false), "OK\r\n", null),
            new Reply("verbosity OK", new Request.Verbosity(1, false), "OK\r\n", null),
            new Reply("VERSION", new Request.Version(), "VERSION 1.6.18\r\n", "1.6.18"),
            new Reply("stats", new Request.Stats(null), "STAT pid 1\r\nSTAT version 1.6.18\r\nSTAT empty \r\nEND\r\n",
                    map("pid", "1", "version", "1.6.18", "empty", "")),
            new Reply("stats value with spaces", new Request.Stats("settings"), "STAT a b c\r\nEND\r\n", map("a", "b c")),
            new Reply("stats cachedump", new Request.Stats("cachedump 1 1"), "ITEM k [1 b; 0 s]\r\nEND\r\n",
                    map("k", "[1 b; 0 s]")),
            new Reply("stats reset", new Request.Stats("reset"), "RESET\r\n", Map.of()),
            new Reply("ERROR", new Request.Version(), "ERROR\r\n", new Failure(ClientErrorException.class, "ERROR")),
            new Reply("ERROR with text", GET_FOO, "ERROR too many tokens\r\n",
                    new Failure(ClientErrorException.class, "ERROR too many tokens")),
            new Reply("CLIENT_ERROR", SET, "CLIENT_ERROR bad data chunk\r\n",
                    new Failure(ClientErrorException.class, "CLIENT_ERROR bad data chunk")),
            new Reply("SERVER_ERROR", SET, "SERVER_ERROR out of memory storing object\r\n",
                    new Failure(ServerErrorException.class, "SERVER_ERROR out of memory storing object")),
            new Reply("raw stats", RAW, "STAT a 1\r\nSTAT b 2\r\nEND\r\n", List.of("STAT a 1", "STAT b 2", "END")),
            new Reply("raw get", RAW, "VALUE k 0 5\r\nEND\r\n\r\nEND\r\n", List.of("VALUE k 0 5", "END\r\n", "END")),
            new Reply("raw error", RAW, "ERROR\r\n", List.of("ERROR")),
            new Reply("raw client error", RAW, "CLIENT_ERROR bad command line format\r\n",
                    List.of("CLIENT_ERROR bad command line format")),
            new Reply("raw metadump", RAW, "key=a%3Ab exp=-1 la=1 cas=2 fetch=no cls=1 size=60\nkey=c exp=5 la=1 cas=3"
                    + " fetch=yes cls=1 size=61\nEND\r\n", List.of("key=a%3Ab exp=-1 la=1 cas=2 fetch=no cls=1 size=60",
                    "key=c exp=5 la=1 cas=3 fetch=yes cls=1 size=61", "END")),
            new Reply("raw number", RAW, "12\r\n", List.of("12")),
            new Reply("raw VA", RAW, "VA 2 t-1\r\nhi\r\n", List.of("VA 2 t-1", "hi")),
            new Reply("raw HD", RAW, "HD c1\r\n", List.of("HD c1")),
            new Reply("raw detail dump", RAW, "PREFIX a get 1 hit 1 set 0 del 0\r\nEND\r\n",
                    List.of("PREFIX a get 1 hit 1 set 0 del 0", "END")),
            new Reply("mg VA", MG, "VA 3 c9 f0\r\nbar\r\n", metaResponse(MetaStatus.VALUE, "bar",
                    MetaFlag.of('c', "9"), MetaFlag.of('f', "0"))),
            new Reply("mg HD", MG_OWN_OPAQUE, "HD c9 kfoo Oop W\r\n", metaResponse(MetaStatus.HEADER, null,
                    MetaFlag.of('c', "9"), MetaFlag.of('k', "foo"), MetaFlag.of('O', "op"), MetaFlag.of('W'))),
            new Reply("mg VA transport opaque", MG_OPAQUE, "VA 3 O7\r\nbar\r\n", metaResponse(MetaStatus.VALUE, "bar")),
            new Reply("mg EN transport opaque", MG_OPAQUE, "EN O7\r\n", metaResponse(MetaStatus.MISS, null)),
            new Reply("mg EN bare, transport opaque", MG_OPAQUE, "EN\r\n", metaResponse(MetaStatus.MISS, null)),
            new Reply("mg quiet hit transport opaque", MG_QUIET_OPAQUE, "VA 1 t-1 Ozz\r\nx\r\nMN\r\n",
                    metaResponse(MetaStatus.VALUE, "x", MetaFlag.of('t', "-1"))),
            new Reply("mg quiet miss transport opaque", MG_QUIET_OPAQUE, "MN\r\n", metaResponse(MetaStatus.MISS, null)),
            new Reply("md NF transport opaque", MD_OPAQUE, "NF Oa1 kfoo\r\n",
                    metaResponse(MetaStatus.NOT_FOUND, null, MetaFlag.of('k', "foo"))),
            new Reply("mg EN", MG, "EN\r\n", metaResponse(MetaStatus.MISS, null)),
            new Reply("mg error", MG, "CLIENT_ERROR bad command line format\r\n",
                    new Failure(ClientErrorException.class, "CLIENT_ERROR bad command line format")),
            new Reply("mg quiet miss", MG_QUIET, "MN\r\n", metaResponse(MetaStatus.MISS, null)),
            new Reply("mg quiet hit", MG_QUIET, "VA 1 t-1\r\nx\r\nMN\r\n", metaResponse(MetaStatus.VALUE, "x",
                    MetaFlag.of('t', "-1"))),
            new Reply("mg quiet error", MG_QUIET, "CLIENT_ERROR invalid flag\r\nMN\r\n",
                    new Failure(ClientErrorException.class, "CLIENT_ERROR invalid flag")),
            new Reply("ms HD", MS, "HD\r\n", metaResponse(MetaStatus.HEADER, null)),
            new Reply("ms NS", MS, "NS\r\n", metaResponse(MetaStatus.NOT_STORED, null)),
            new Reply("ms EX", MS, "EX\r\n", metaResponse(MetaStatus.EXISTS, null)),
            new Reply("ms NF", MS, "NF\r\n", metaResponse(MetaStatus.NOT_FOUND, null)),
            new Reply("ms quiet stored", MS_QUIET, "MN\r\n", metaResponse(MetaStatus.HEADER, null)),
            new Reply("ms quiet exists", MS_QUIET, "EX\r\nMN\r\n", metaResponse(MetaStatus.EXISTS, null)),
            new Reply("ms SERVER_ERROR", MS, "SERVER_ERROR object too large for cache\r\n",
                    new Failure(ServerErrorException.class, "SERVER_ERROR object too large for cache")),
            new Reply("md HD", MD, "HD\r\n", metaResponse(MetaStatus.HEADER, null)),
            new Reply("md NF", MD, "NF\r\n", metaResponse(MetaStatus.NOT_FOUND, null)),
            new Reply("ma VA", MA, "VA 2\r\n10\r\n", metaResponse(MetaStatus.VALUE, "10")),
            new Reply("mn", meta(MetaRequest.noop()), "MN\r\n", metaResponse(MetaStatus.NOOP, null)),
            new Reply("me", ME, "ME foo exp=-1 la=0 cas=1 fetch=no cls=1 size=63\r\n",
                    metaResponse(MetaStatus.DEBUG, "foo exp=-1 la=0 cas=1 fetch=no cls=1 size=63")),
            new Reply("me miss", ME, "EN\r\n", metaResponse(MetaStatus.MISS, null)));
}
