package io.memcached4j.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import io.memcached4j.Item;
import io.memcached4j.Keys;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoDataTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Item> items = DemoData.items();
    private final Map<String, Item> byKey = items.stream().collect(Collectors.toMap(Item::key, Function.identity()));

    @Test
    void isTheSameOnEveryRunWithThousandsOfValidUniqueKeys() {
        assertEquals(items, DemoData.items());
        assertTrue(items.size() > 4_000 && items.size() < 6_000, "size " + items.size());
        assertEquals(items.size(), new HashSet<>(byKey.keySet()).size());
        items.forEach(item -> assertTrue(Keys.isValid(item.key()), item.key()));
        items.forEach(item -> assertTrue(item.value().length < 1_000_000, item.key()));
    }

    @Test
    void hasEveryNamespaceTheBrowserShows() {
        for (String prefix : List.of("user:1:profile", "user:", "session:", "cache/page/", "cache/api/v1/products/",
                "feature.flags.", "counter:", "ratelimit:ip:", "blob:", "i18n:")) {
            assertTrue(byKey.keySet().stream().anyMatch(k -> k.startsWith(prefix)), prefix);
        }
    }

    @Test
    void hasJsonCompressedBinaryCounterExpiringAndLargeValues() throws IOException {
        assertEquals("admin", JSON.readTree(byKey.get("user:1:profile").value()).get("roles").get(1).asText());
        Item gzip = byKey.get("cache/page/home.html.gz");
        assertEquals(DemoData.FLAG_GZIP, gzip.flags());
        String page = new String(new GZIPInputStream(new ByteArrayInputStream(gzip.value())).readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(page.startsWith("<!doctype html>"));
        Item zstd = byKey.get("cache/catalog.json.zst");
        assertEquals(DemoData.FLAG_ZSTD, zstd.flags());
        byte[] catalog = Zstd.decompress(zstd.value(), (int) Zstd.getFrameContentSize(zstd.value()));
        assertEquals(200, JSON.readTree(catalog).get("products").size());
        byte[] zlib = new InflaterInputStream(new ByteArrayInputStream(byKey.get("cache/catalog.json.zlib").value())).readAllBytes();
        assertArrayEquals(catalog, zlib);
        Item png = byKey.get("blob:thumbnail:1.png");
        assertEquals(DemoData.FLAG_BINARY, png.flags());
        assertThrows(Exception.class, () -> StandardCharsets.UTF_8.newDecoder()
                .decode(java.nio.ByteBuffer.wrap(png.value())));
        assertTrue(Long.parseLong(new String(byKey.get("counter:orders:total").value(), StandardCharsets.US_ASCII)) > 0);
        long expiring = items.stream().filter(i -> i.expiration() > 0).count();
        assertTrue(expiring > 1_000 && expiring < items.size() / 2 + 1_000, "expiring " + expiring);
        assertEquals(DemoData.LARGE_SIZE, byKey.get(DemoData.LARGE_KEY).value().length);
        assertTrue(JSON.readTree(byKey.get("feature.flags.prod.dark_mode").value()) != null);
    }
}
