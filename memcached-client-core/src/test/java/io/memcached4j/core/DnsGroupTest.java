package io.memcached4j.core;

import io.memcached4j.ClientConfig;
import io.memcached4j.MemcachedClient;
import io.memcached4j.MemcachedConnectionException;
import io.memcached4j.ServerAddress;
import io.memcached4j.core.DispatchingClientTest.RecordingDispatcher;
import io.memcached4j.process.Await;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DNS server groups: a name resolving to several addresses is a group of servers, resolved again on an interval. */
class DnsGroupTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A resolver a test changes: names to addresses; a name without any does not resolve. */
    private final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();

    private final AtomicInteger resolutions = new AtomicInteger();

    private List<InetAddress> resolve(String host) throws UnknownHostException {
        resolutions.incrementAndGet();
        List<InetAddress> addresses = dns.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        return addresses;
    }

    private static List<InetAddress> ips(String... ips) throws UnknownHostException {
        List<InetAddress> result = new ArrayList<>();
        for (String ip : ips) {
            result.add(InetAddress.getByName(ip));
        }
        return result;
    }

    private static List<ServerAddress> servers(String text) {
        return ServerAddress.parseList(text);
    }

    @Test
    void eachAddressOfTheNameIsAServerAndChangesArePickedUp() throws Exception {
        dns.put("cache.internal", ips("10.0.0.2", "10.0.0.1"));
        ClientConfig config = ClientConfig.builder().dnsGroup("cache.internal:11311").servers("10.9.9.9:11211")
                .hostResolver(this::resolve).discoveryInterval(Duration.ofMillis(5)).build();
        RecordingDispatcher d = new RecordingDispatcher(config);
        try (MemcachedClient client = DispatchingClient.create(d)) {
            assertEquals(servers("10.9.9.9:11211,10.0.0.1:11311,10.0.0.2:11311"), client.servers(),
                    "resolved before create returns: the configured servers, then the group's addresses in order");

            dns.put("cache.internal", ips("10.0.0.3", "10.0.0.1", "10.0.0.2"));
            Await.until(WAIT, () -> client.servers().size() == 4, "the third address joins");
            assertEquals(servers("10.9.9.9:11211,10.0.0.1:11311,10.0.0.2:11311,10.0.0.3:11311"), client.servers());

            dns.remove("cache.internal");   // a failing resolution keeps the group's last addresses
            int before = resolutions.get();
            Await.until(WAIT, () -> resolutions.get() >= before + 2, "two polls while the name does not resolve");
            assertEquals(4, client.servers().size(), client.servers().toString());

            dns.put("cache.internal", ips("10.0.0.1"));
            Await.until(WAIT, () -> client.servers().size() == 2, "two addresses leave");
            assertEquals(servers("10.9.9.9:11211,10.0.0.1:11311"), client.servers());
            // the transport retires the removed servers just after the new list is published
            Await.until(WAIT, () -> d.changes.size() == 5, "both removals reach the transport");
            assertEquals(List.of("+1 10.0.0.1:11311", "+2 10.0.0.2:11311", "+3 10.0.0.3:11311", "-2", "-3"), d.changes);
        }
    }

    @Test
    void aGroupThatNeverResolvesFailsTheClientOnlyWhenItHasNoServer() {
        ClientConfig alone = ClientConfig.builder().dnsGroup("nowhere.invalid").hostResolver(this::resolve).build();
        RecordingDispatcher d = new RecordingDispatcher(alone);
        MemcachedConnectionException e = assertThrows(MemcachedConnectionException.class, () -> DispatchingClient.create(d));
        assertTrue(e.getMessage().contains("nowhere.invalid"), e.getMessage());
        assertTrue(d.closed, "the transport is closed when the client cannot open");

        ClientConfig withServers = alone.toBuilder().servers("10.0.0.9:11211").build();
        try (MemcachedClient client = DispatchingClient.create(new RecordingDispatcher(withServers))) {
            assertEquals(servers("10.0.0.9:11211"), client.servers());
        }
    }

    @Test
    void theSystemResolverResolvesARealName() throws Exception {
        ClientConfig config = ClientConfig.builder().dnsGroup("localhost:11211").build();
        List<ServerAddress> expected = InetAddress.getAllByName("localhost").length == 0 ? List.of()
                : java.util.Arrays.stream(InetAddress.getAllByName("localhost")).map(InetAddress::getHostAddress)
                .distinct().sorted().map(ip -> new ServerAddress(ip, 11211)).toList();
        try (MemcachedClient client = DispatchingClient.create(new RecordingDispatcher(config))) {
            assertEquals(expected, client.servers());
            assertTrue(client.servers().contains(new ServerAddress("127.0.0.1", 11211)), client.servers().toString());
        }
    }

    @Test
    void configurationChecksTheGroups() {
        assertThrows(IllegalArgumentException.class,
                () -> ClientConfig.builder().dnsGroup("a:1").dnsGroup("a:1"));
        assertThrows(IllegalArgumentException.class,
                () -> ClientConfig.builder().dnsGroup("a:1").elastiCache("cfg:11211").build());
        assertThrows(IllegalArgumentException.class,
                () -> ClientConfig.builder().servers("b:1").elastiCache("cfg:11211").build());
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().build());
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().discoveryInterval(Duration.ZERO));
        ClientConfig config = ClientConfig.builder().elastiCache("cfg.example:11211").build();
        assertEquals(Duration.ofSeconds(60), config.discoveryInterval());
        assertEquals(config.elastiCacheEndpoint(), config.toBuilder().build().elastiCacheEndpoint());
        assertTrue(config.servers().isEmpty());
    }
}
