package io.memcached4j.testkit.internal.server;

import io.memcached4j.protocol.text.server.ReplyWriter;
import io.memcached4j.protocol.text.server.ServerRequest;
import io.memcached4j.protocol.text.server.ServerRequestParser;
import io.memcached4j.testkit.ManualClock;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineFuzzTest {
    private static final String[] WORDS = {"get", "gets", "gat", "gats", "set", "add", "replace", "append",
        "prepend", "cas", "incr", "decr", "delete", "touch", "flush_all", "verbosity", "version", "stats",
        "settings", "items", "slabs", "cachedump", "lru_crawler", "metadump", "all", "hash", "enable", "disable",
        "debugtime", "mg", "ms", "md", "ma", "me", "mn", "noreply", "k", "k2", "a2V5", "0", "1", "2", "-1", "5",
        "18446744073709551615", "4294967295", "2592001", "-2147483648", "2147483647", "v", "q", "k", "s", "t",
        "c", "f", "l", "h", "u", "b", "I", "T5", "T-1", "N0", "N30", "R30", "F7", "C1", "C0", "MS", "ME", "MA",
        "MP", "MR", "MI", "MD", "M+", "M-", "J3", "D2", "D18446744073709551615", "Oxy", "p", "r"};

    @Test
    void everyParsedRequestGetsARepliedOutcomeWithoutAnException() {
        Random random = new Random(42);
        ManualClock clock = new ManualClock(1_800_000_000L);
        Engine engine = new Engine(new EngineSettings("1.6.18", 2L * 1024 * 1024, 64 * 1024, 16, 0, "127.0.0.1", 0),
                clock);
        ReplyWriter out = new ReplyWriter();
        int handled = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder line = new StringBuilder();
            int words = 1 + random.nextInt(7);
            for (int w = 0; w < words; w++) {
                line.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
            }
            line.append("\r\n");
            if (random.nextInt(3) == 0) {
                int length = random.nextInt(3);
                line.append("x".repeat(length)).append("\r\n");
            }
            ServerRequestParser parser = new ServerRequestParser(64 * 1024);
            ByteBuffer in = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.ISO_8859_1));
            ServerRequest request;
            while ((request = parser.next(in)) != null) {
                engine.handle(request, out);
                handled++;
            }
            if (random.nextInt(100) == 0) {
                clock.advance(java.time.Duration.ofSeconds(random.nextInt(100)));
            }
            out.clear();
        }
        assertTrue(handled > 50_000, "requests handled: " + handled);
    }
}
