package io.memcached4j.transport.nio;

import io.memcached4j.CasItem;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.Request.RetrievalCommand;
import io.memcached4j.process.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plain lane writes and reads in blocking mode; before a write it asks only whether bytes wait,
 * unless it rested: then it also sees the end of the stream a server left while it rested, and
 * sends the request over the event loop instead of into a closed connection. Against a socket the
 * test drives: the event loop's connection, then the lane's.
 */
class BlockingLaneTest {
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(5);

    private final ExecutorService caller = Executors.newSingleThreadExecutor();
    private DrivenServer server;
    private NioClient client;
    private BufferedReader loopIn;

    @BeforeEach
    void connect() throws Exception {
        server = DrivenServer.start();
        client = server.client;
        loopIn = server.in;
        CompletableFuture<List<CasItem>> first = client.send(0, get("up"), (request, items) -> items, TIMEOUT, false);
        assertEquals("get up", loopIn.readLine());
        server.reply("END\r\n");
        assertEquals(List.of(), first.get(5, TimeUnit.SECONDS), "the event loop's connection answers");
    }

    @AfterEach
    void close() throws IOException {
        caller.shutdownNow();
        server.close();
    }

    private static Request.Retrieval get(String key) {
        return new Request.Retrieval(RetrievalCommand.GET, List.of(key), 0);
    }

    /** @return whether the client closed the socket: its end of the stream, or a reset as unread bytes were discarded */
    private static boolean closedByClient(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** A blocking call, as {@code MemcachedClient.get} makes it, on the caller thread. */
    private Future<List<CasItem>> call(String key) {
        return caller.submit(() -> client.call(0, get(key), (request, items) -> items, TIMEOUT).get(5, TimeUnit.SECONDS));
    }

    @Test
    void aLaneThatRestedSeesTheEndOfTheStreamAndItsNextRequestGoesToTheEventLoop() throws Exception {
        Future<List<CasItem>> overLane = call("a");
        try (Socket lane = server.accept()) {
            assertEquals("get a", DrivenServer.reader(lane).readLine());
            DrivenServer.reply(lane.getOutputStream(), "END\r\n");
            assertEquals(List.of(), overLane.get(5, TimeUnit.SECONDS));
            assertEquals(1, client.lanesOpened(), "the call went over a lane");
        } // the server closes the lane's connection while it rests
        long closedAt = System.nanoTime();
        Await.until(Duration.ofSeconds(5), () -> System.nanoTime() - closedAt
                > TimeUnit.MILLISECONDS.toNanos(2 * Lane.EOF_CHECK_AFTER_MILLIS), "the lane rested");

        Future<List<CasItem>> next = call("b");
        assertEquals("get b", loopIn.readLine(), "sent over the event loop's connection");
        server.reply("VALUE b 0 1\r\nB\r\nEND\r\n");
        List<CasItem> items = next.get(5, TimeUnit.SECONDS);
        assertEquals("B", new String(items.get(0).value(), StandardCharsets.US_ASCII));
        assertEquals(1, client.lanesOpened(), "the closed lane sent nothing");

        Future<List<CasItem>> reopened = call("c"); // the next call opens the lane again
        try (Socket lane = server.accept()) {
            assertEquals("get c", DrivenServer.reader(lane).readLine());
            DrivenServer.reply(lane.getOutputStream(), "END\r\n");
            assertEquals(List.of(), reopened.get(5, TimeUnit.SECONDS));
            assertEquals(2, client.lanesOpened());
        }
    }

    @Test
    void bytesWaitingBeforeAWriteAreADesyncThatClosesTheLaneAndSendNothing() throws Exception {
        Future<List<CasItem>> overLane = call("a");
        try (Socket lane = server.accept()) {
            BufferedReader laneIn = DrivenServer.reader(lane);
            OutputStream laneOut = lane.getOutputStream();
            assertEquals("get a", laneIn.readLine());
            DrivenServer.reply(laneOut, "END\r\n");
            assertEquals(List.of(), overLane.get(5, TimeUnit.SECONDS));
            DrivenServer.reply(laneOut, "VALUE b 0 5\r\nstray\r\nEND\r\n"); // no request awaits it

            Future<List<CasItem>> next = call("b"); // at once, well within the rest that checks for the end of the stream
            assertEquals("get b", loopIn.readLine(), "sent over the event loop's connection, not after the stray bytes");
            server.reply("VALUE b 0 5\r\nright\r\nEND\r\n");
            assertEquals("right", new String(next.get(5, TimeUnit.SECONDS).get(0).value(), StandardCharsets.US_ASCII));
            assertTrue(closedByClient(lane), "the lane was closed");
        }
    }
}
