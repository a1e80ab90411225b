package io.memcached4j.enumeration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memcached4j.ClientConfig;
import io.memcached4j.KeyInfo;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.process.MemcachedProcess;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** {@link MetadumpParser} on the lines a real memcached 1.6.18 writes. */
class MetadumpParserIT {

    @Test
    void metadumpLinesOfTheRealServerParse() {
        try (MemcachedProcess memcached = MemcachedProcess.start();
             MemcachedClient client = Memcached.connect(ClientConfig.builder().servers(List.of(memcached.address()))
                     .operationTimeout(Duration.ofSeconds(5)).build())) {
            long now = Instant.now().getEpochSecond();
            client.set("a:b%20cé", "x".getBytes(StandardCharsets.UTF_8), 0, 1000);
            client.set("plain", "yy".getBytes(StandardCharsets.UTF_8), 0, 0);
            assertTrue(client.get("plain").isPresent());
            ServerAddress address = memcached.address();
            List<String> lines = client.rawCommand(address, "lru_crawler metadump all");
            assertEquals("END", lines.get(lines.size() - 1));

            Map<String, KeyInfo> infos = lines.subList(0, lines.size() - 1).stream()
                    .map(line -> MetadumpParser.parse(line, address))
                    .collect(Collectors.toMap(KeyInfo::key, Function.identity()));

            assertEquals(Set.of("a:b%20cé", "plain"), infos.keySet(), lines::toString);
            KeyInfo expiring = infos.get("a:b%20cé");
            long exp = expiring.expiration().orElseThrow().getEpochSecond();
            assertTrue(exp >= now + 998 && exp <= now + 1010, "exp " + exp + " now " + now);
            assertFalse(expiring.fetched());
            KeyInfo plain = infos.get("plain");
            assertTrue(plain.neverExpires());
            assertTrue(plain.fetched());
            assertTrue(Math.abs(plain.lastAccess().getEpochSecond() - now) <= 10, plain::toString);
            assertTrue(plain.slabClass() >= 1 && plain.size() > 5, plain::toString);
            assertNotEquals(0, plain.cas());
            assertEquals(address, plain.server());
        }
    }
}
