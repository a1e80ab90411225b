package io.memcached4j.transport.nio;

import io.memcached4j.CasItem;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ProtocolException;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.Request.RetrievalCommand;
import io.memcached4j.core.codec.Request.StorageCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Get merging, byte for byte against a socket the test drives: single-key gets that wait together
 * for the event loop go out as one multi-key get, and each gets its own item, miss, timeout or failure.
 * The loop is held in a callback while the gets are submitted, so that they wait for it together.
 */
class GetBatchTest {
    private static final long LONG = TimeUnit.SECONDS.toNanos(5);

    private DrivenServer server;
    private NioClient client;
    private BufferedReader in;

    @BeforeEach
    void connect() throws Exception {
        server = DrivenServer.start();
        client = server.client;
        in = server.in;
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    private CompletableFuture<List<CasItem>> get(String key, long timeoutNanos) {
        return client.send(0, new Request.Retrieval(RetrievalCommand.GET, List.of(key), 0), (request, items) -> items,
                timeoutNanos, false);
    }

    private void reply(String text) throws IOException {
        server.reply(text);
    }

    /**
     * Runs {@code submit} while the event loop is held in a callback of an earlier get, so that
     * everything it submits waits in the loop's queue, then lets the loop go on.
     */
    private <T> T whileTheLoopIsHeld(java.util.function.Supplier<T> submit) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<List<CasItem>> hold = get("hold", LONG);
        hold.thenRun(() -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertEquals("get hold", in.readLine());
        reply("END\r\n");
        assertTrue(held.await(5, TimeUnit.SECONDS));
        T submitted = submit.get();
        release.countDown();
        return submitted;
    }

    @Test
    void getsThatWaitTogetherGoOutAsOneGetAndEachGetsItsOwnItemOrMiss() throws Exception {
        List<CompletableFuture<List<CasItem>>> gets = whileTheLoopIsHeld(() ->
                List.of(get("a", LONG), get("b", LONG), get("c", LONG), get("d", LONG)));

        assertEquals("get a b c d", in.readLine());
        reply("VALUE b 5 2\r\nbb\r\nVALUE d 0 1\r\nd\r\nEND\r\n");

        assertEquals(List.of(), gets.get(0).get(5, TimeUnit.SECONDS));
        CasItem b = gets.get(1).get(5, TimeUnit.SECONDS).get(0);
        assertEquals("b", b.key());
        assertEquals("bb", new String(b.value(), StandardCharsets.US_ASCII));
        assertEquals(5, b.flags());
        assertEquals(List.of(), gets.get(2).get(5, TimeUnit.SECONDS));
        assertEquals("d", gets.get(3).get(5, TimeUnit.SECONDS).get(0).key());
    }

    @Test
    void aRepeatedKeyStartsTheNextBatchAndAnotherCommandEndsOne() throws Exception {
        List<CompletableFuture<?>> sent = whileTheLoopIsHeld(() -> {
            List<CompletableFuture<?>> fs = new ArrayList<>();
            fs.add(get("a", LONG));
            fs.add(get("b", LONG));
            fs.add(get("a", LONG));
            fs.add(client.send(0, new Request.Storage(StorageCommand.SET, "a", "x".getBytes(StandardCharsets.US_ASCII),
                    0, 0, 0, false), (request, result) -> result, LONG, false));
            fs.add(get("a", LONG));
            return fs;
        });

        assertEquals("get a b", in.readLine());
        assertEquals("get a", in.readLine());
        assertEquals("set a 0 0 1", in.readLine());
        assertEquals("x", in.readLine());
        assertEquals("get a", in.readLine());
        reply("VALUE a 0 1\r\n1\r\nEND\r\nVALUE a 0 1\r\n1\r\nEND\r\nSTORED\r\nVALUE a 0 1\r\nx\r\nEND\r\n");

        for (CompletableFuture<?> f : sent) {
            f.get(5, TimeUnit.SECONDS);
        }
        @SuppressWarnings("unchecked")
        List<CasItem> last = (List<CasItem>) sent.get(4).get();
        assertEquals("x", new String(last.get(0).value(), StandardCharsets.US_ASCII));
    }

    @Test
    void eachGetOfABatchTimesOutAtItsOwnDeadline() throws Exception {
        List<CompletableFuture<List<CasItem>>> gets = whileTheLoopIsHeld(() ->
                List.of(get("short", TimeUnit.MILLISECONDS.toNanos(200)), get("long", LONG)));

        assertEquals("get short long", in.readLine());
        CompletionException late = assertThrows(CompletionException.class, () -> gets.get(0).join());
        assertInstanceOf(MemcachedTimeoutException.class, late.getCause());
        assertTrue(!gets.get(1).isDone(), "the other get of the batch waits for its own deadline");

        reply("VALUE short 0 1\r\ns\r\nVALUE long 0 1\r\nl\r\nEND\r\n");
        assertEquals("long", gets.get(1).get(5, TimeUnit.SECONDS).get(0).key());
    }

    @Test
    void aReplyThatIsNotTheBatchsFailsEveryGetOfItAsADesync() throws Exception {
        List<CompletableFuture<List<CasItem>>> gets = whileTheLoopIsHeld(() -> List.of(get("a", LONG), get("b", LONG)));

        assertEquals("get a b", in.readLine());
        reply("VALUE b 0 1\r\nb\r\nVALUE a 0 1\r\na\r\nEND\r\n"); // out of order: not the reply to "get a b"

        for (CompletableFuture<List<CasItem>> get : gets) {
            CompletionException failure = assertThrows(CompletionException.class, get::join);
            assertInstanceOf(ProtocolException.class, failure.getCause());
        }
    }
}
