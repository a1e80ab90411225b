package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.MemcachedTimeoutException;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;
import io.memcached4j.process.Await;
import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.ResponseDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The transport's matching, timeout and replacement rules, checked byte for byte against a socket
 * the test drives itself, with a line-per-request stand-in for the codec: a raw line is sent as
 * {@code line\n} and each reply is one line.
 */
class ConnectionTest {
    private ServerSocket listener;
    private NioClient client;
    private ServerAddress address;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(5_000);
        address = new ServerAddress("127.0.0.1", listener.getLocalPort());
    }

    @AfterEach
    void close() throws IOException {
        if (client != null) {
            client.close();
        }
        listener.close();
    }

    private void open(int maxInFlight) {
        ClientConfig config = ClientConfig.builder().servers(List.of(address)).operationTimeout(Duration.ofSeconds(5))
                .connectionsPerServer(1).ioThreads(1).maxRequestsInFlight(maxInFlight).build();
        client = new NioClient(config, new LineCodec());
    }

    private CompletableFuture<List<String>> send(String line) {
        return client.send(0, new Request.RawLine(line), (request, reply) -> reply,
                TimeUnit.SECONDS.toNanos(5), false);
    }

    /** Sends a request that is meant to time out, with a short timeout of its own. */
    private CompletableFuture<List<String>> sendExpiring(String line) {
        return client.send(0, new Request.RawLine(line), (request, reply) -> reply,
                TimeUnit.MILLISECONDS.toNanos(100), false);
    }

    /** Accepts the replacement connection and checks a new request goes over it and gets its reply. */
    private void assertANewConnectionCarries(String request, String reply) throws Exception {
        try (Peer second = new Peer(listener.accept())) {
            CompletableFuture<List<String>> future = send(request);
            assertEquals(request, second.readLine());
            second.write(reply + "\n");
            assertEquals(List.of(reply), future.get(5, TimeUnit.SECONDS));
        }
    }

    /** One request and its reply, which makes a connection count as working. */
    private void exchange(Peer peer) throws Exception {
        CompletableFuture<List<String>> warm = send("warm");
        assertEquals("warm", peer.readLine());
        peer.write("up\n");
        assertEquals(List.of("up"), warm.get(5, TimeUnit.SECONDS));
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void theLateReplyToATimedOutRequestIsDiscardedNotGivenToTheNextOne() throws Exception {
        open(16);
        try (Peer peer = new Peer(listener.accept())) {
            CompletableFuture<List<String>> first = sendExpiring("first");
            assertEquals("first", peer.readLine());
            assertInstanceOf(MemcachedTimeoutException.class, failure(first));
            CompletableFuture<List<String>> second = send("second");
            assertEquals("second", peer.readLine());
            peer.write("reply-to-first\nreply-to-second\n");
            assertEquals(List.of("reply-to-second"), second.get(5, TimeUnit.SECONDS));
        }
    }

    /**
     * The timer runs every few milliseconds, so a reply can be read after its request's deadline
     * before the timer failed the request; the request then fails with a timeout all the same, it
     * never completes with a value after its timeout (issue 10). Each reply is sent only once its
     * request's deadline has passed; without the rule most of them would be taken as answers.
     */
    @Test
    void aReplyReadAfterItsRequestsDeadlineFailsItWithATimeoutNeverCompletesItLate() throws Exception {
        open(16);
        try (Peer peer = new Peer(listener.accept())) {
            exchange(peer);
            for (int i = 0; i < 20; i++) {
                CompletableFuture<List<String>> late = client.send(0, new Request.RawLine("late" + i),
                        (request, reply) -> reply, TimeUnit.MILLISECONDS.toNanos(2), false);
                long deadline = ((Op<?, ?>) late).deadline;
                assertEquals("late" + i, peer.readLine());
                Await.until(Duration.ofSeconds(5), () -> System.nanoTime() - deadline > 0, "the request's deadline passes");
                peer.write("reply" + i + "\n");
                assertInstanceOf(MemcachedTimeoutException.class, failure(late), "request " + i);
            }
            exchange(peer); // the late replies were matched to their requests and dropped
        }
    }

    @Test
    void requestsCallersWriteThemselvesKeepTheirBytesAndOrderWhenTheSocketFills() throws Exception {
        open(1024);
        try (Peer peer = new Peer(listener.accept())) {
            exchange(peer);
            // blocking callers write their own requests while the loop sleeps; the peer reads nothing
            // yet, so the socket fills, one write goes out in part and the loop must finish it
            String filler = "x".repeat(32 * 1024);
            int count = 400;
            List<CompletableFuture<List<String>>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(client.send(0, new Request.RawLine(i + filler), (request, reply) -> reply,
                        TimeUnit.SECONDS.toNanos(10), true));
            }
            for (int i = 0; i < count; i++) {
                assertEquals(i + filler, peer.readLine());
                peer.write("r" + i + "\n");
            }
            for (int i = 0; i < count; i++) {
                assertEquals(List.of("r" + i), futures.get(i).get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aRequestWrittenByItsCallerWhileTheLoopSleepsUntimedStillTimesOut() throws Exception {
        open(16);
        try (Peer peer = new Peer(listener.accept())) {
            exchange(peer);
            Await.until(Duration.ofSeconds(5), client::ioThreadsSleepUntimed,
                    "the I/O thread sleeps without a timer after a second of idleness");
            CompletableFuture<List<String>> unanswered = sendExpiring("never-answered");
            assertEquals("never-answered", peer.readLine());
            assertInstanceOf(MemcachedTimeoutException.class, failure(unanswered));
        }
    }

    @Test
    void pipelinedRepliesArriveSplitAndAreMatchedInOrder() throws Exception {
        open(16);
        try (Peer peer = new Peer(listener.accept())) {
            CompletableFuture<List<String>> a = send("a");
            CompletableFuture<List<String>> b = send("b");
            CompletableFuture<List<String>> c = send("c");
            assertEquals("a", peer.readLine());
            assertEquals("b", peer.readLine());
            assertEquals("c", peer.readLine());
            peer.write("A\nB");
            assertEquals(List.of("A"), a.get(5, TimeUnit.SECONDS));
            peer.write("B\nCC\n");
            assertEquals(List.of("BB"), b.get(5, TimeUnit.SECONDS));
            assertEquals(List.of("CC"), c.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aRequestTheCodecRefusesFailsAloneAndTheConnectionCarriesOn() throws Exception {
        open(16);
        try (Peer peer = new Peer(listener.accept())) {
            assertInstanceOf(IllegalArgumentException.class, failure(send("refuse")));
            CompletableFuture<List<String>> next = send("next");
            assertEquals("next", peer.readLine());
            peer.write("fine\n");
            assertEquals(List.of("fine"), next.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void bytesNobodyAskedForDiscardTheConnectionAndANewOneIsMade() throws Exception {
        open(16);
        try (Peer first = new Peer(listener.accept())) {
            exchange(first);
            first.write("surprise\n");
            assertANewConnectionCarries("after", "ok");
        }
    }

    @Test
    void anUnparseableReplyFailsEveryRequestOnTheConnectionWithProtocolException() throws Exception {
        open(16);
        try (Peer first = new Peer(listener.accept())) {
            exchange(first);
            CompletableFuture<List<String>> a = send("a");
            CompletableFuture<List<String>> b = send("b");
            assertEquals("a", first.readLine());
            assertEquals("b", first.readLine());
            first.write("garbage\n");
            assertInstanceOf(ProtocolException.class, failure(a));
            assertInstanceOf(ProtocolException.class, failure(b));
            assertANewConnectionCarries("c", "C");
        }
    }

    @Test
    void tooManyTimedOutRequestsGetTheConnectionReplaced() throws Exception {
        open(4);
        try (Peer first = new Peer(listener.accept())) {
            exchange(first);
            CompletableFuture<List<String>> a = sendExpiring("a");
            CompletableFuture<List<String>> b = sendExpiring("b");
            assertEquals("a", first.readLine());
            assertEquals("b", first.readLine());
            assertInstanceOf(MemcachedTimeoutException.class, failure(a));
            assertInstanceOf(MemcachedTimeoutException.class, failure(b));
            assertANewConnectionCarries("c", "C");
        }
    }

    @Test
    void aServerThatDropsConnectionsBeforeAnsweringIsBackedOffAndCountsAsDown() throws Exception {
        open(16);
        CompletableFuture<List<String>> pending;
        try (Peer first = new Peer(listener.accept())) {
            pending = send("pending");
            assertEquals("pending", first.readLine());
        }
        assertInstanceOf(MemcachedConnectionException.class, failure(pending));
        Await.until(Duration.ofSeconds(2), () -> {
            CompletableFuture<List<String>> f = send("probe");
            Throwable failed = f.handle((v, e) -> e).getNow(null);
            return failed != null && failed.getMessage().contains("is down");
        }, "a connection that never answered is replaced with backoff, failing fast meanwhile");
        try (Peer second = new Peer(listener.accept())) {
            Await.until(Duration.ofSeconds(2), () -> !send("retry").isCompletedExceptionally(),
                    "the next attempt, after the backoff, takes requests again");
            assertEquals("retry", second.readLine());
        }
    }

    @Test
    void aClosedPeerFailsPendingRequestsWithConnectionException() throws Exception {
        open(16);
        CompletableFuture<List<String>> pending;
        try (Peer peer = new Peer(listener.accept())) {
            pending = send("pending");
            assertEquals("pending", peer.readLine());
        }
        assertInstanceOf(MemcachedConnectionException.class, failure(pending));
    }

    /** The server side of one connection, driven by the test. */
    private static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(5_000);
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            this.out = socket.getOutputStream();
        }

        String readLine() throws IOException {
            return in.readLine();
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Sends a raw line as {@code line\n}; each reply is one line; "garbage" is unparseable; "refuse" is refused. */
    private static final class LineCodec implements ProtocolCodec {
        @Override
        public boolean encode(Request<?> request, ByteBuffer out) {
            String line = ((Request.RawLine) request).line();
            if (line.equals("refuse")) {
                throw new IllegalArgumentException("refused by the codec");
            }
            if (out.remaining() < line.length() + 1) {
                return false;
            }
            out.put((line + "\n").getBytes(StandardCharsets.US_ASCII));
            return true;
        }

        @Override
        public int encodedSize(Request<?> request) {
            return ((Request.RawLine) request).line().length() + 1;
        }

        @Override
        public ResponseDecoder newDecoder() {
            return (request, in) -> {
                for (int i = in.position(); i < in.limit(); i++) {
                    if (in.get(i) == '\n') {
                        byte[] line = new byte[i - in.position()];
                        in.get(line);
                        in.get();
                        String text = new String(line, StandardCharsets.US_ASCII);
                        if (text.equals("garbage")) {
                            throw new ProtocolException("unparseable: " + text);
                        }
                        return List.of(text);
                    }
                }
                return ResponseDecoder.NEED_MORE;
            };
        }
    }
}
