package io.memcached4j.protocol.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memcached4j.CasItem;
import io.memcached4j.Item;
import io.memcached4j.ClientErrorException;
import io.memcached4j.MetaFlag;
import io.memcached4j.MetaRequest;
import io.memcached4j.MetaResponse;
import io.memcached4j.MetaStatus;
import io.memcached4j.ServerErrorException;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.process.RawTextSession;
import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.Request.StorageCommand;
import io.memcached4j.core.codec.Request.StoreResult;
import io.memcached4j.core.codec.ResponseDecoder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replays the golden request bytes against a real memcached and decodes its real replies with the
 * decoder, checking they are what the golden replies say.
 */
class TextCodecIT {
    private static MemcachedProcess server;

    private final ProtocolCodec codec = new TextProtocolCodecProvider().create(2 * 1024 * 1024);
    private final Set<String> replayed = new HashSet<>();
    private ResponseDecoder decoder;
    private RawTextSession session;
    private final ByteBuffer in = ByteBuffer.allocate(4 * 1024 * 1024);
    private final byte[] chunk = new byte[8192];

    @BeforeAll
    static void startServer() {
        server = MemcachedProcess.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connect() throws IOException {
        session = RawTextSession.open(server.address());
        decoder = codec.newDecoder();
        assertNull(send(new Request.FlushAll(0, false)).value());
    }

    @AfterEach
    void disconnect() {
        session.close();
    }

    @Test
    void realServerAnswersEveryGoldenRequestAsTheDecoderExpects() throws IOException {
        expectThat("version", o -> ((String) o).startsWith("1."));
        expect("get one key", List.of());
        expect("set", StoreResult.STORED);
        expect("get one key", List.of(Golden.item("foo", "bar", 5, 0)));
        expectThat("gets", o -> o instanceof List<?> l && l.size() == 1 && l.get(0) instanceof CasItem c
                && c.key().equals("foo") && c.hasCas() && c.flags() == 5);
        expect("gat", List.of(Golden.item("foo", "bar", 5, 0)));
        expect("gats many", List.of());
        expect("get many keys", List.of());
        expect("getAll one key", Golden.found(new Item("foo", Golden.utf8("bar"), 5, 0)));
        expect("getAll many keys", Golden.found());
        expect("get utf-8 key", List.of());
        expect("cas", StoreResult.NOT_FOUND);
        expect("set unsigned flags", StoreResult.STORED);
        expect("add", StoreResult.NOT_STORED);
        expect("replace", StoreResult.STORED);
        expect("append", StoreResult.STORED);
        expect("prepend", StoreResult.STORED);
        expect("cas", StoreResult.EXISTS);
        assertEquals(List.of(new CasItem("k", Golden.utf8("vvvv"), 0, 0, CasItem.NO_CAS)),
                send(Golden.get(Request.RetrievalCommand.GET, 0, "k")).value());
        expect("set empty value", StoreResult.STORED);
        expect("touch", true);
        expect("delete", true);
        expect("delete", false);
        expect("touch", false);
        for (String quiet : List.of("set noreply", "add noreply", "replace noreply", "append noreply", "prepend noreply",
                "cas unsigned token noreply", "delete noreply", "touch noreply", "decr noreply", "verbosity noreply")) {
            expect(quiet, null);
        }
        expect("incr", OptionalLong.empty());
        assertEquals(StoreResult.STORED, send(Golden.store(StorageCommand.SET, "n", "5", 0, 0, 0, false)).value());
        expect("incr", OptionalLong.of(6));
        expect("incr unsigned", OptionalLong.of(5)); // wraps around 2^64
        expect("decr noreply", null);
        expect("incr", OptionalLong.of(1));
        expect("verbosity", null);
        expectThat("stats", o -> ((Map<?, ?>) o).containsKey("pid") && ((Map<?, ?>) o).containsKey("curr_items"));
        expectThat("stats group", o -> ((Map<?, ?>) o).containsKey("maxbytes"));
        expect("raw line", List.of("END"));

        expectThat("ms", o -> ((MetaResponse) o).status() == MetaStatus.HEADER && ((MetaResponse) o).cas().isPresent());
        expectThat("mg every flag", o -> o instanceof MetaResponse r && r.status() == MetaStatus.VALUE
                && new String(r.value(), StandardCharsets.UTF_8).equals("bar")
                && r.flag('f').orElseThrow().equals("4294967295") && r.flag('k').orElseThrow().equals("foo")
                && r.opaque().orElseThrow().equals("op1") && r.flag('s').orElseThrow().equals("3"));
        expect("mg base64 key", Golden.metaResponse(MetaStatus.VALUE, "bar"));
        expect("mg quiet", Golden.metaResponse(MetaStatus.VALUE, "bar"));
        expect("mg transport opaque", Golden.metaResponse(MetaStatus.VALUE, "bar")); // O7 echoed, checked, removed
        expectThat("me", o -> o instanceof MetaResponse r && r.status() == MetaStatus.DEBUG
                && new String(r.value(), StandardCharsets.UTF_8).startsWith("foo exp="));
        expectThat("me base64", o -> ((MetaResponse) o).status() == MetaStatus.DEBUG);
        // memcached 1.6.18 does not know E (new CAS, 1.6.21): an error that the quiet mode's mn keeps in step
        expect("ms every flag", new Golden.Failure(ClientErrorException.class, "CLIENT_ERROR invalid flag"));
        expect("ms base64 key", Golden.metaResponse(MetaStatus.HEADER, null));
        expect("md", Golden.metaResponse(MetaStatus.EXISTS, null, MetaFlag.of('k', "foo"), MetaFlag.of('O', "a")));
        expect("md quiet", Golden.metaResponse(MetaStatus.HEADER, null));
        expect("md quiet", Golden.metaResponse(MetaStatus.NOT_FOUND, null));
        expect("mg quiet", Golden.metaResponse(MetaStatus.MISS, null));
        expect("mg transport opaque", Golden.metaResponse(MetaStatus.MISS, null)); // EN O7
        expect("ms quiet transport opaque", Golden.metaResponse(MetaStatus.HEADER, null));
        expect("mg transport opaque", Golden.metaResponse(MetaStatus.VALUE, "x"));
        assertEquals(true, send(new Request.Deletion("foo", false)).value());
        assertEquals(true, send(new Request.Deletion("n", false)).value());
        expectThat("ma", o -> o instanceof MetaResponse r && r.status() == MetaStatus.VALUE
                && new String(r.value(), StandardCharsets.UTF_8).equals("5")
                && r.flag('t').orElseThrow().equals("20"));
        expect("ma quiet", Golden.metaResponse(MetaStatus.HEADER, null));
        expect("mn", Golden.metaResponse(MetaStatus.NOOP, null));
        expect("me", Golden.metaResponse(MetaStatus.MISS, null));
        expect("flush_all delay", null);
        expect("flush_all", null);
        expect("flush_all noreply", null);
        expect("flush_all delay noreply", null);
        expectThat("version", o -> ((String) o).startsWith("1."));
        expect("quit", null);
        assertEquals(-1, session.read(), "the server closed the connection after quit");

        Set<String> missing = Golden.ENCODINGS.stream().map(Golden.Encoding::name).filter(n -> !replayed.contains(n))
                .collect(Collectors.toSet());
        assertEquals(Set.of(), missing, "golden requests not replayed");
    }

    @Test
    void errorsFromTheRealServerLeaveTheStreamInStep() throws IOException {
        Outcome unknown = send(new Request.Stats("no-such-group"));
        assertTrue(unknown.failure() instanceof ClientErrorException, unknown::toString);
        assertEquals(List.of("ERROR"), send(new Request.RawLine("bogus")).value());
        Outcome tooLarge = send(Golden.store(StorageCommand.SET, "big", "x".repeat(1_500_000), 0, 0, 0, false));
        assertTrue(tooLarge.matches(new Golden.Failure(ServerErrorException.class,
                "SERVER_ERROR object too large for cache")), tooLarge::toString);
        Outcome badFlag = send(new Request.Meta(MetaRequest.get("k").flag('z').quiet().build()));
        assertTrue(badFlag.matches(new Golden.Failure(ClientErrorException.class, "CLIENT_ERROR invalid flag")),
                badFlag::toString);
        assertEquals(StoreResult.STORED, send(Golden.store(StorageCommand.SET, "n", "x", 0, 0, 0, false)).value());
        Outcome nonNumeric = send(new Request.Arithmetic(true, "n", 1, false));
        assertTrue(nonNumeric.matches(new Golden.Failure(ClientErrorException.class,
                "CLIENT_ERROR cannot increment or decrement non-numeric value")), nonNumeric::toString);
        assertEquals(Golden.metaResponse(MetaStatus.NOOP, null), send(new Request.Meta(MetaRequest.noop())).value());
    }

    @Test
    void largeValuesAndMultiGetRoundTrip() throws IOException {
        byte[] big = new byte[1000 * 1000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >> 8));
        }
        assertEquals(StoreResult.STORED, send(new Request.Storage(StorageCommand.SET, "big", big, 1, 0, 0, false))
                .value());
        assertEquals(StoreResult.STORED, send(Golden.store(StorageCommand.SET, "small", "\r\nEND\r\n", 2, 0, 0, false))
                .value());
        Object got = send(Golden.get(Request.RetrievalCommand.GET, 0, "small", "missing", "big")).value();
        assertEquals(List.of(new CasItem("small", Golden.utf8("\r\nEND\r\n"), 2, 0, 0), new CasItem("big", big, 1, 0, 0)),
                got);
        MetaResponse meta = (MetaResponse) send(new Request.Meta(MetaRequest.get("big").value().build())).value();
        assertEquals(MetaResponse.of(MetaStatus.VALUE, List.of(), big), meta);
    }

    private void expect(String goldenName, Object expected) throws IOException {
        Outcome outcome = replay(goldenName);
        assertTrue(outcome.matches(expected), () -> goldenName + ": expected " + expected + ", got " + outcome);
    }

    private void expectThat(String goldenName, Predicate<Object> check) throws IOException {
        Outcome outcome = replay(goldenName);
        assertTrue(outcome.failure() == null && check.test(outcome.value()), () -> goldenName + ": got " + outcome);
    }

    private Outcome replay(String goldenName) throws IOException {
        Golden.Encoding golden = Golden.ENCODINGS.stream().filter(e -> e.name().equals(goldenName)).findFirst()
                .orElseThrow(() -> new AssertionError("no golden request " + goldenName));
        replayed.add(goldenName);
        return exchange(golden.request(), golden.bytes());
    }

    private Outcome send(Request<?> request) throws IOException {
        ByteBuffer encoded = ByteBuffer.allocate(codec.encodedSize(request));
        assertTrue(codec.encode(request, encoded));
        return exchange(request, encoded.array());
    }

    private Outcome exchange(Request<?> request, byte[] bytes) throws IOException {
        session.send(bytes);
        if (!request.expectsReply()) {
            return new Outcome(decoder.decode(request, in.flip()), null);
        }
        while (true) {
            in.flip();
            Outcome outcome = Outcome.decodeOnce(decoder, request, in);
            in.compact();
            if (outcome != null) {
                return outcome;
            }
            int n = session.read(chunk);
            if (n < 0) {
                throw new IOException("memcached closed the connection while " + request + " awaited its reply");
            }
            in.put(chunk, 0, n);
        }
    }
}
