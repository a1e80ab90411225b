package io.memcached4j.testkit.internal.server;

import io.memcached4j.protocol.text.server.ServerRequest;
import io.memcached4j.testkit.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reply rewrites of a {@link Directive} reach the carrier in one drain, as one write: "in the same packet". */
class SessionFaultTest {
    private static final long NOW = 1_000_000_000L;

    private static String answer(Directive directive, String requests) {
        Engine engine = new Engine(EngineSettings.defaults("127.0.0.1", 0), new ManualClock(1_800_000_000L));
        ServerHooks hooks = new ServerHooks() {
            @Override
            public Directive onRequest(long connectionId, int sequence, ServerRequest request, byte[] commandLine) {
                return new String(commandLine, StandardCharsets.US_ASCII).startsWith("get") ? directive : Directive.PROCEED;
            }
        };
        Session session = new Session(engine, hooks);
        session.receive(ByteBuffer.wrap(requests.getBytes(StandardCharsets.US_ASCII)), NOW);
        ByteBuffer out = ByteBuffer.allocate(4096);
        session.drainTo(out, NOW);
        return new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII);
    }

    @Test
    void anExtraReplyGoesOutWithTheRealOne() {
        byte[] extra = "VALUE x 0 1\r\nx\r\nEND\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals("STORED\r\nVALUE k 0 1\r\nv\r\nEND\r\nVALUE x 0 1\r\nx\r\nEND\r\nVERSION 1.6.18\r\n",
                answer(new Directive(true, null, 0, -1, false, null, -1, false, extra),
                        "set k 0 0 1\r\nv\r\nget k\r\nversion\r\n"));
    }

    @Test
    void aDuplicatedReplyGoesOutTwiceInOneWrite() {
        assertEquals("END\r\nEND\r\nVERSION 1.6.18\r\n",
                answer(new Directive(true, null, 0, -1, false, null, -1, true, null), "get k\r\nversion\r\n"));
    }

    @Test
    void aSplitReplyGivesItsFirstPartOnlyAndHoldsTheRest() {
        assertEquals("STORED\r\nVALUE",
                answer(new Directive(true, null, 5, -1, false, null, 5, false, null),
                        "set k 0 0 1\r\nv\r\nget k\r\nversion\r\n"));
    }
}
