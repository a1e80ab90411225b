package io.memcached4j;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerAddressTest {

    @Test
    void parsesTheUsualForms() {
        assertEquals(new ServerAddress("127.0.0.1", 11211), ServerAddress.parse("127.0.0.1"));
        assertEquals(new ServerAddress("cache", 11300), ServerAddress.parse(" cache:11300 "));
        assertEquals(new ServerAddress("::1", 11211), ServerAddress.parse("[::1]:11211"));
        assertEquals("[::1]:11211", ServerAddress.parse("[::1]").toString());
        assertEquals(List.of(new ServerAddress("a", 1), new ServerAddress("b", 11211)), ServerAddress.parseList("a:1, b"));
        assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("a:x"));
        assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("a:0"));
        assertThrows(IllegalArgumentException.class, () -> ServerAddress.parseList(" , "));
    }

    @Test
    void configHasDefaultsAndChecksArguments() {
        ClientConfig config = ClientConfig.builder().servers("127.0.0.1:11211").build();
        assertEquals(Duration.ofSeconds(1), config.operationTimeout());
        assertEquals(2, config.connectionsPerServer());
        assertEquals(2, config.ioThreads());
        assertEquals(ClientConfig.DEFAULT_ITEM_SIZE_LIMIT, config.itemSizeLimit());
        assertTrue(config.transport().isEmpty());
        assertEquals(config.toString(), config.toBuilder().build().toString());
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().build());
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().servers("a:1,b:2,a:1").build());
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().operationTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().maxRequestsInFlight(0));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().transport(" "));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().servers("a")
                .reconnectDelay(Duration.ofSeconds(2), Duration.ofSeconds(1)).build());
    }
}
