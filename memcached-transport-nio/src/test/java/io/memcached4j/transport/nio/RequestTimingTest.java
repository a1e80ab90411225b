package io.memcached4j.transport.nio;

import io.memcached4j.ClientConfig;
import io.memcached4j.ClientListener;
import io.memcached4j.Item;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.DispatchingClient;
import io.memcached4j.core.codec.ProtocolCodecProvider;
import io.memcached4j.testkit.FakeMemcached;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.memcached4j.testkit.RequestMatcher.key;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A listener's request durations come from the transport's own clock reads (the start it counts the
 * deadline from, the read of the reply): over a lane and over the event loop, each duration covers
 * the server's delay and fits within the time the caller saw the call take.
 */
class RequestTimingTest {
    private static final long DELAY_MILLIS = 150;

    private final LinkedBlockingQueue<Long> durations = new LinkedBlockingQueue<>();
    private FakeMemcached fake;
    private NioClient nio;
    private MemcachedClient client;

    @BeforeEach
    void start() throws Exception {
        fake = FakeMemcached.start();
        ClientListener listener = new ClientListener() {
            @Override
            public void requestFinished(Object context, String command, ServerAddress server, Outcome outcome,
                                        long durationNanos, Throwable failure) {
                if (command.equals("get") && outcome == Outcome.HIT) {
                    durations.add(durationNanos);
                }
            }
        };
        ClientConfig config = ClientConfig.builder().servers(List.of(fake.address())).operationTimeout(Duration.ofSeconds(5))
                .listener(listener).build();
        nio = new NioClient(config, ProtocolCodecProvider.find(null).create(config.itemSizeLimit()));
        client = DispatchingClient.create(nio);
        LaneTest.connected(client);
    }

    private void stored() throws Exception {
        for (String key : List.of("slow", "fast")) {
            client.async().set(Item.of(key, "v".getBytes(UTF_8))).get(5, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    /** @return the duration the listener heard for the one get the caller timed as {@code callerNanos} */
    private long heard(long callerNanos) throws InterruptedException {
        Long duration = durations.poll(5, TimeUnit.SECONDS);
        assertNotNull(duration, "the listener heard the get");
        assertTrue(duration > 0 && duration <= callerNanos, duration + " ns within the caller's " + callerNanos + " ns");
        return duration;
    }

    @Test
    void aBlockingGetOverALaneIsTimedFromItsStartToItsRead() throws Exception {
        stored();
        fake.faults().on(key("slow")).times(1).delay(Duration.ofMillis(DELAY_MILLIS));
        long before = System.nanoTime();
        assertTrue(client.get("slow").isPresent());
        long duration = heard(System.nanoTime() - before);
        assertTrue(duration >= TimeUnit.MILLISECONDS.toNanos(DELAY_MILLIS), duration + " ns covers the server's delay");
        assertEquals(1, nio.lanesOpened(), "the get went over a lane");

        before = System.nanoTime();
        assertTrue(client.get("fast").isPresent());
        heard(System.nanoTime() - before);
    }

    @Test
    void anAsyncGetOverTheEventLoopIsTimedFromItsStartToItsRead() throws Exception {
        stored();
        fake.faults().on(key("slow")).times(1).delay(Duration.ofMillis(DELAY_MILLIS));
        long before = System.nanoTime();
        assertTrue(client.async().get("slow").get(5, TimeUnit.SECONDS).isPresent());
        long duration = heard(System.nanoTime() - before);
        assertTrue(duration >= TimeUnit.MILLISECONDS.toNanos(DELAY_MILLIS), duration + " ns covers the server's delay");

        before = System.nanoTime();
        assertTrue(client.async().get("fast").get(5, TimeUnit.SECONDS).isPresent());
        heard(System.nanoTime() - before);
        assertEquals(0, nio.lanesOpened(), "no lane: every get went through the event loop");
    }
}
