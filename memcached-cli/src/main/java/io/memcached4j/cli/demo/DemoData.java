package io.memcached4j.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.Zstd;
import io.memcached4j.Item;
import io.memcached4j.MemcachedClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The demo data set: 4,712 items that show every feature of memcached4j, the same on every
 * run (expirations are relative to when they are stored). Namespaced keys ({@code user:1:profile},
 * {@code session:…}, {@code cache/page/…}, {@code feature.flags.…}), JSON values, gzip, zlib and
 * zstd compressed values, binary data, counters, keys with TTLs and one large value.
 *
 * <p>Client flags follow a common convention: 0 text or JSON, {@link #FLAG_GZIP}, {@link #FLAG_ZLIB},
 * {@link #FLAG_ZSTD} for compressed values, {@link #FLAG_BINARY} for raw bytes.
 */
public final class DemoData {
    /** Flags of a gzip-compressed value. */
    public static final int FLAG_GZIP = 2;
    /** Flags of a zlib-compressed value. */
    public static final int FLAG_ZLIB = 4;
    /** Flags of a zstd-compressed value. */
    public static final int FLAG_ZSTD = 8;
    /** Flags of raw binary data. */
    public static final int FLAG_BINARY = 16;

    /** The key of the large value. */
    public static final String LARGE_KEY = "report:2026-11:orders.csv";
    /** The size of the large value, in bytes: half a MiB, under memcached's default item size limit. */
    public static final int LARGE_SIZE = 512 * 1024;

    static final int USERS = 800;
    static final int SESSIONS = 1_500;
    static final int PAGES = 1_000;
    static final int PRODUCTS = 400;
    static final int RATE_LIMITS = 100;
    static final int THUMBNAILS = 30;

    private static final long SEED = 0x6d656d63L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FIRST = {"Ada", "Grace", "Alan", "Barbara", "Edsger", "Margaret", "Donald",
        "Frances", "Ken", "Radia", "Linus", "Hedy", "Tim", "Katherine", "Dennis", "Sophie"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Liskov", "Dijkstra", "Hamilton",
        "Knuth", "Allen", "Thompson", "Perlman", "Torvalds", "Lamarr", "Berners-Lee", "Johnson", "Ritchie", "Wilson"};
    private static final String[] CITIES = {"Lisbon", "Nairobi", "Osaka", "Lima", "Oslo", "Montreal", "Pune", "Tartu"};
    private static final String[] SECTIONS = {"blog", "docs", "products", "help", "about", "careers"};
    private static final String[] FEATURES = {"new_checkout", "dark_mode", "search_v2", "recommendations",
        "beta_dashboard", "fast_login", "gift_cards", "live_chat", "one_click_buy", "price_alerts"};
    private static final String[] ENVIRONMENTS = {"prod", "staging", "dev", "test"};

    private DemoData() {
    }

    /**
     * Builds the data set.
     *
     * @return the items, in a fixed order; expirations are relative seconds (0 = never)
     */
    public static List<Item> items() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<Item> items = new ArrayList<>(5_000);
        users(items, random);
        sessions(items, random);
        pages(items, random);
        products(items, random);
        featureFlags(items, random);
        counters(items, random);
        binaries(items, random);
        compressed(items);
        texts(items);
        items.add(new Item(LARGE_KEY, largeReport(random), 0, 0));
        return List.copyOf(items);
    }

    /**
     * Stores the data set, pipelined.
     *
     * @param client the client to store through
     * @return the number of items stored
     */
    public static int load(MemcachedClient client) {
        List<Item> items = items();
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        for (Item item : items) {
            inFlight.add(client.async().set(item));
            if (inFlight.size() == 256) {
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
                inFlight.clear();
            }
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        return items.size();
    }

    private static void users(List<Item> items, SplittableRandom random) {
        for (int id = 1; id <= USERS; id++) {
            String first = pick(FIRST, random);
            String last = pick(LAST, random);
            ObjectNode profile = JSON.createObjectNode()
                    .put("id", id)
                    .put("name", first + " " + last)
                    .put("email", (first + "." + last).toLowerCase(Locale.ROOT) + id + "@example.com")
                    .put("city", pick(CITIES, random))
                    .put("verified", random.nextInt(4) != 0)
                    .put("signup", String.format(Locale.ROOT, "20%02d-%02d-%02d",
                            15 + random.nextInt(11), 1 + random.nextInt(12), 1 + random.nextInt(28)));
            ArrayNode roles = profile.putArray("roles").add("reader");
            if (id % 7 == 0) {
                roles.add("editor");
            }
            if (id == 1) {
                roles.add("admin");
            }
            items.add(json("user:" + id + ":profile", profile, 0));
            ObjectNode settings = JSON.createObjectNode()
                    .put("theme", random.nextBoolean() ? "dark" : "light")
                    .put("language", pick(new String[] {"en", "fr", "pt", "ja", "sw"}, random))
                    .put("newsletter", random.nextBoolean());
            settings.putObject("notifications").put("email", random.nextBoolean()).put("push", random.nextBoolean());
            items.add(json("user:" + id + ":settings", settings, 0));
        }
    }

    private static void sessions(List<Item> items, SplittableRandom random) {
        for (int i = 0; i < SESSIONS; i++) {
            String id = hex(random, 16);
            ObjectNode session = JSON.createObjectNode()
                    .put("user", 1 + random.nextInt(USERS))
                    .put("csrf", hex(random, 8))
                    .put("ip", "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256))
                    .put("cart_items", random.nextInt(6));
            items.add(json("session:" + id, session, 900 + random.nextInt(2_700)));
        }
    }

    private static void pages(List<Item> items, SplittableRandom random) {
        for (int i = 0; i < PAGES; i++) {
            String section = SECTIONS[i % SECTIONS.length];
            String path = "cache/page/" + section + "/" + (i / SECTIONS.length) + ".html";
            String html = "<!doctype html>\n<html><head><title>" + section + " page " + i + "</title></head>\n"
                    + "<body><h1>" + section + " " + i + "</h1>\n" + "<p>" + lorem(random, 20 + random.nextInt(60))
                    + "</p></body></html>\n";
            items.add(new Item(path, utf8(html), 0, 300 + random.nextInt(3_300)));
        }
    }

    private static void products(List<Item> items, SplittableRandom random) {
        for (int id = 1; id <= PRODUCTS; id++) {
            ObjectNode product = JSON.createObjectNode()
                    .put("id", id)
                    .put("sku", "SKU-" + (10_000 + id))
                    .put("title", lorem(random, 3))
                    .put("price_cents", 199 + random.nextInt(50_000))
                    .put("in_stock", random.nextInt(5) != 0);
            product.putArray("tags").add(pick(SECTIONS, random)).add(pick(CITIES, random).toLowerCase(Locale.ROOT));
            items.add(json("cache/api/v1/products/" + id, product, id % 4 == 0 ? 0 : 600 + random.nextInt(3_000)));
        }
    }

    private static void featureFlags(List<Item> items, SplittableRandom random) {
        for (String environment : ENVIRONMENTS) {
            for (String feature : FEATURES) {
                String key = "feature.flags." + environment + "." + feature;
                if (random.nextBoolean()) {
                    items.add(new Item(key, utf8(Boolean.toString(random.nextBoolean())), 0, 0));
                } else {
                    ObjectNode flag = JSON.createObjectNode()
                            .put("enabled", random.nextBoolean())
                            .put("rollout_percent", 5 * random.nextInt(21));
                    flag.putArray("allow_users").add(1).add(1 + random.nextInt(USERS));
                    items.add(json(key, flag, 0));
                }
            }
        }
    }

    private static void counters(List<Item> items, SplittableRandom random) {
        for (int day = 1; day <= 30; day++) {
            items.add(new Item(String.format(Locale.ROOT, "counter:pageviews:2026-11-%02d", day),
                    utf8(Long.toString(10_000 + random.nextInt(90_000))), 0, 0));
        }
        items.add(new Item("counter:signups:total", utf8(Integer.toString(USERS)), 0, 0));
        items.add(new Item("counter:orders:total", utf8("48213"), 0, 0));
        for (int i = 0; i < RATE_LIMITS; i++) {
            String ip = "203.0.113." + (i + 1);
            items.add(new Item("ratelimit:ip:" + ip, utf8(Integer.toString(random.nextInt(120))), 0,
                    30 + random.nextInt(60)));
        }
    }

    private static void binaries(List<Item> items, SplittableRandom random) {
        for (int i = 1; i <= THUMBNAILS; i++) {
            byte[] png = new byte[256 + random.nextInt(3_000)];
            random.nextBytes(png);
            byte[] header = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
            System.arraycopy(header, 0, png, 0, header.length);
            items.add(new Item("blob:thumbnail:" + i + ".png", png, FLAG_BINARY, 0));
        }
        byte[] uuidBytes = new byte[16 * 64];
        random.nextBytes(uuidBytes);
        items.add(new Item("blob:uuids", uuidBytes, FLAG_BINARY, 0));
    }

    private static void compressed(List<Item> items) {
        ObjectNode catalog = JSON.createObjectNode().put("generated", "2026-11-30T00:00:00Z");
        ArrayNode entries = catalog.putArray("products");
        for (int id = 1; id <= 200; id++) {
            entries.addObject().put("id", id).put("sku", "SKU-" + (10_000 + id)).put("section", SECTIONS[id % 6]);
        }
        byte[] catalogJson = bytes(catalog);
        StringBuilder page = new StringBuilder("<!doctype html>\n<html><head><title>Home</title></head><body>\n");
        for (int i = 0; i < 200; i++) {
            page.append("<li><a href=\"/products/").append(i).append("\">product ").append(i).append("</a></li>\n");
        }
        page.append("</body></html>\n");
        items.add(new Item("cache/page/home.html.gz", gzip(utf8(page.toString())), FLAG_GZIP, 3_600));
        items.add(new Item("cache/catalog.json.zst", Zstd.compress(catalogJson, 3), FLAG_ZSTD, 0));
        items.add(new Item("cache/catalog.json.zlib", zlib(catalogJson), FLAG_ZLIB, 0));
    }

    private static void texts(List<Item> items) {
        items.add(new Item("i18n:greeting:ja", utf8("こんにちは、世界"), 0, 0));
        items.add(new Item("i18n:greeting:pt", utf8("Olá, mundo"), 0, 0));
        items.add(new Item("i18n:greeting:el", utf8("Γειά σου κόσμε"), 0, 0));
        items.add(new Item("motd", utf8("Welcome to the memcached4j demo.\nPress ? for help.\n"), 0, 0));
        items.add(new Item("empty:value", new byte[0], 0, 0));
    }

    private static byte[] largeReport(SplittableRandom random) {
        StringBuilder csv = new StringBuilder(LARGE_SIZE + 100).append("order_id,user_id,total_cents,status\n");
        String[] statuses = {"paid", "shipped", "delivered", "refunded"};
        for (int order = 1; csv.length() < LARGE_SIZE; order++) {
            csv.append(order).append(',').append(1 + random.nextInt(USERS)).append(',')
                    .append(random.nextInt(100_000)).append(',').append(pick(statuses, random)).append('\n');
        }
        csv.setLength(LARGE_SIZE - 1);
        return utf8(csv.append('\n').toString());
    }

    private static Item json(String key, ObjectNode node, int expiration) {
        return new Item(key, bytes(node), 0, expiration);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] zlib(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream zlib = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION))) {
            zlib.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String lorem(SplittableRandom random, int words) {
        String[] vocabulary = {"cache", "memory", "slab", "key", "value", "latency", "shard", "eviction", "hit",
            "miss", "ketama", "crawler", "expire", "token", "server", "client", "fast", "small", "warm", "cold"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append(i == 0 ? "" : " ").append(pick(vocabulary, random));
        }
        return sb.toString();
    }

    private static String hex(SplittableRandom random, int bytes) {
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            sb.append(String.format(Locale.ROOT, "%02x", random.nextInt(256)));
        }
        return sb.toString();
    }

    private static String pick(String[] choices, SplittableRandom random) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
