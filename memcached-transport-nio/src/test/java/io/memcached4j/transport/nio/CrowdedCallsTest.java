package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.ClientListener;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.DispatchingClient;
import io.memcached4j.core.codec.ProtocolCodecProvider;
import io.memcached4j.process.Await;
import io.memcached4j.testkit.FakeMemcached;
import io.memcached4j.testkit.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.memcached4j.testkit.RequestMatcher.keyPrefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where blocking calls go once every lane is taken: spread over the event loop's connections while
 * few wait there, gathered on one connection once as many wait there as the server has lanes (the
 * server is crowded), so that their gets merge into fewer writes. Against the testkit's fake, whose
 * stalled replies keep the callers waiting and whose request log names each request's connection.
 */
class CrowdedCallsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private FakeMemcached fake;
    private MemcachedClient client;
    private ExecutorService callers;
    private final List<Future<?>> calls = new ArrayList<>();

    @BeforeEach
    void start() {
        fake = FakeMemcached.start();
        AtomicInteger up = new AtomicInteger();
        ClientConfig config = ClientConfig.builder().servers(List.of(fake.address())).transport("nio")
                .connectionsPerServer(2).operationTimeout(Duration.ofSeconds(30))
                .listener(new ClientListener() {
                    @Override
                    public void connectionUp(ServerAddress server, boolean reconnect) {
                        up.incrementAndGet();
                    }
                }).build();
        client = DispatchingClient.create(new NioClient(config, ProtocolCodecProvider.find(null).create(config.itemSizeLimit())));
        Await.until(WAIT, () -> up.get() == 2, "both connections of the event loop up");
        LaneTest.connected(client);
        callers = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stop() throws Exception {
        client.close(); // ends every stalled call
        for (Future<?> call : calls) {
            call.get(10, TimeUnit.SECONDS);
        }
        callers.shutdownNow();
        fake.close();
    }

    @Test
    void onceAsManyCallersWaitOnTheLoopAsThereAreLanesTheNextOnesGatherOnOneConnection() {
        fake.faults().on(keyPrefix("held-")).stall();
        int lanes = NioClient.LANES;
        callBlocking("held-lane-", 0, lanes);
        awaitRequests("held-lane-", lanes);
        for (int i = 0; i < lanes; i++) { // one at a time, so that each sees the ones before
            callBlocking("held-loop-", i, i + 1);
            awaitRequests("held-loop-", i + 1);
        }
        assertEquals(2, connectionsOf("held-loop-").size(),
                "while fewer wait on the loop than there are lanes, calls spread over its connections: "
                        + connectionsOf("held-loop-"));

        callBlocking("gathered-", 0, 12);
        awaitRequests("gathered-", 12);
        Set<Long> gathered = connectionsOf("gathered-");
        assertEquals(1, gathered.size(), "the calls of a crowded server gather on one connection: " + gathered);
        assertTrue(connectionsOf("held-loop-").containsAll(gathered), "an event loop's connection, not a lane");
    }

    /** Starts callers that each make one blocking get of its own key, which stays unanswered. */
    private void callBlocking(String prefix, int from, int to) {
        for (int i = from; i < to; i++) {
            String key = prefix + i;
            calls.add(callers.submit(() -> {
                try {
                    client.get(key);
                } catch (RuntimeException expected) {
                    // the client closes at the end of the test, failing the stalled call
                }
            }));
        }
    }

    private void awaitRequests(String prefix, int keys) {
        Await.until(WAIT, () -> requestsOf(prefix).stream().mapToLong(r -> r.keys().size()).sum() == keys,
                keys + " keys " + prefix + "* received");
    }

    private List<RecordedRequest> requestsOf(String prefix) {
        return fake.requests().stream().filter(r -> r.keys().stream().anyMatch(k -> k.startsWith(prefix))).toList();
    }

    private Set<Long> connectionsOf(String prefix) {
        return requestsOf(prefix).stream().map(RecordedRequest::connectionId).collect(Collectors.toSet());
    }
}
