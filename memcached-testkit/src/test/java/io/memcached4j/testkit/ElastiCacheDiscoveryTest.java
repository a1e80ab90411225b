package io.memcached4j.testkit;

import io.memcached4j.ClientConfig;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.ServerAddress;
import io.memcached4j.process.Await;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.process.RawTextSession;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ElastiCache auto-discovery without AWS: the fake answers {@code config get cluster} as a
 * configuration endpoint when a test gives it a cluster, and {@code ERROR} as memcached does otherwise.
 */
class ElastiCacheDiscoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static long configPolls(FakeMemcached endpoint) {
        return endpoint.requests().stream().filter(r -> r.commandLine().equals("config get cluster")).count();
    }

    private static void awaitPolls(FakeMemcached endpoint, int more) {
        long before = configPolls(endpoint);
        Await.until(WAIT, () -> configPolls(endpoint) >= before + more, more + " more polls of the endpoint");
    }

    @Test
    void answersErrorAsMemcachedDoesUnlessGivenACluster() throws Exception {
        try (FakeMemcached fake = FakeMemcached.start(); RawTextSession raw = RawTextSession.open(fake.address())) {
            assertEquals("ERROR", raw.send("config get cluster\r\n").readLine());
            ServerAddress a = new ServerAddress("127.0.0.1", 11211);
            ServerAddress b = new ServerAddress("node-2.example", 11212);
            assertEquals(1, fake.clusterConfig(List.of(a, b)));
            String data = "1\n127.0.0.1|127.0.0.1|11211 node-2.example||11212\n";
            assertEquals("CONFIG cluster 0 " + data.length(), raw.send("config get cluster\r\n").readLine());
            assertArrayEquals((data + "\r\nEND\r\n").getBytes(StandardCharsets.US_ASCII), raw.readBytes(data.length() + 7));
            assertEquals("ERROR", raw.send("config get clusters\r\n").readLine(), "only config get cluster is answered");
            assertEquals(2, fake.clusterConfig(List.of(a)));
            fake.clearClusterConfig();
            assertEquals("ERROR", raw.send("config get cluster\r\n").readLine());
            assertTrue(fake.clusterConfigVersion().isEmpty());
        }
    }

    @Test
    void realMemcachedAnswersErrorToo() throws Exception {
        assumeTrue(MemcachedProcess.isInstalled(), "memcached is not installed");
        try (MemcachedProcess memcached = MemcachedProcess.start(); FakeMemcached fake = FakeMemcached.start();
             RawTextSession real = RawTextSession.open(memcached.address());
             RawTextSession fakeRaw = RawTextSession.open(fake.address())) {
            assertEquals(real.send("config get cluster\r\n").readLine(), fakeRaw.send("config get cluster\r\n").readLine());
            assertEquals("ERROR", fakeRaw.send("config get cluster\r\n").readLine());
        }
    }

    @Test
    void theClientFollowsTheClusterOverTheInMemoryTransport() {
        try (FakeMemcached a = FakeMemcached.start(); FakeMemcached b = FakeMemcached.start();
             FakeMemcached c = FakeMemcached.start();
             FakeMemcached endpoint = FakeMemcached.builder().clusterConfig(List.of(a.address(), b.address())).start()) {
            ClientConfig config = ClientConfig.builder().elastiCache(endpoint.address().toString()).transport("inmem")
                    .discoveryInterval(Duration.ofMillis(10)).build();
            try (MemcachedClient client = Memcached.connect(config)) {
                assertEquals(List.of(a.address(), b.address()), client.servers(), "the nodes, before connect returns");
                List<String> keys = IntStream.range(0, 300).mapToObj(i -> "k" + i).toList();
                for (String key : keys) {
                    client.set(key, key.getBytes(UTF_8), 0, 0);
                }
                assertEquals(300, a.itemCount() + b.itemCount());

                endpoint.clusterConfig(List.of(a.address(), b.address(), c.address()));
                Await.until(WAIT, () -> client.servers().size() == 3, "the third node joins");
                int found = client.getAll(keys).size();
                assertTrue(found > 150 && found < 260, "about 2/3 of the keys stay where they were: " + found);

                // an older version, an ERROR and a reply that cannot be parsed keep the list
                endpoint.clusterConfig(1, List.of(a.address()));
                awaitPolls(endpoint, 2);
                endpoint.clearClusterConfig();
                awaitPolls(endpoint, 2);
                FaultRule garbage = endpoint.faults().onCommand("config")
                        .replyBytes("CONFIG cluster 0 4\r\nx\ny\n\r\nEND\r\n".getBytes(StandardCharsets.US_ASCII));
                awaitPolls(endpoint, 2);
                garbage.remove();
                assertEquals(List.of(a.address(), b.address(), c.address()), client.servers());

                endpoint.clusterConfig(5, List.of(b.address(), c.address()));
                Await.until(WAIT, () -> client.servers().equals(List.of(b.address(), c.address())), "node a leaves");
                client.set("after", "x".getBytes(UTF_8), 0, 0);
                assertEquals("x", new String(client.get("after").orElseThrow().value(), UTF_8));
            }
        }
    }

    @Test
    void anEndpointThatTellsNoNodeFailsTheConnect() {
        try (FakeMemcached endpoint = FakeMemcached.start()) {
            ClientConfig config = ClientConfig.builder().elastiCache(endpoint.address().toString()).transport("inmem").build();
            MemcachedConnectionException e = assertThrows(MemcachedConnectionException.class, () -> Memcached.connect(config));
            assertTrue(e.getMessage().contains(endpoint.address().toString()) && e.getMessage().contains("ERROR"),
                    e.getMessage());
        }
    }
}
