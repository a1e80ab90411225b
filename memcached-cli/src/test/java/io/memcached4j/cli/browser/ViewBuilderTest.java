package io.memcached4j.cli.browser;

import io.memcached4j.ServerAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewBuilderTest {
    private static final ServerAddress A = new ServerAddress("a", 11211);
    private static final ServerAddress B = new ServerAddress("b", 11211);

    private static KeyStore store(String... keys) {
        KeyStore s = new KeyStore();
        int i = 0;
        for (String k : keys) {
            s.add(k, 10 + i, KeyStore.NEVER, 1000 + i, 1, i % 2 == 0 ? A : B);
            i++;
        }
        return s;
    }

    private static final String[] KEYS = {"user:2:profile", "user:1:profile", "user:1:cart", "session:9", "cache/page/home",
        "feature.flags.dark", "plain"};

    @Test
    void theTreeGroupsOnEveryDelimiterFoldersFirstThenLeavesClosedByDefault() {
        KeyView v = new ViewBuilder().build(store(KEYS).snapshot(), ViewQuery.initial());
        assertEquals(List.of("cache/ (1)", "feature. (1)", "session: (1)", "user: (3)", "plain"), v.labels());
        assertEquals(7, v.live);
    }

    @Test
    void openGroupsShowTheirChildrenIndented() {
        ViewQuery q = ViewQuery.initial().withExpanded(Set.of("user:", "user:1:"));
        KeyView v = new ViewBuilder().build(store(KEYS).snapshot(), q);
        assertEquals(List.of("cache/ (1)", "feature. (1)", "session: (1)", "user: (3)", "  user:1: (2)",
                "    user:1:cart", "    user:1:profile", "  user:2: (1)", "plain"), v.labels());
        assertEquals(v.group(3).bytes(), 10 + 11 + 12, "a group's size is the sum of its keys");
    }

    @Test
    void delimitersAreConfigurable() {
        KeyView v = new ViewBuilder().build(store(KEYS).snapshot(), ViewQuery.initial().withDelimiters("/"));
        assertEquals(List.of("cache/ (1)", "feature.flags.dark", "plain", "session:9", "user:1:cart", "user:1:profile",
                "user:2:profile"), v.labels());
    }

    @Test
    void theFlatListSortsByNameSizeTtlAndAccessEitherWay() {
        KeyStore s = new KeyStore();
        s.add("b", 300, 5000, 10, 1, A);
        s.add("a", 100, KeyStore.NEVER, 30, 1, A);
        s.add("c", 200, 4000, 20, 1, A);
        ViewQuery flat = ViewQuery.initial().withTree(false);
        ViewBuilder builder = new ViewBuilder();
        assertEquals(List.of("a", "b", "c"), builder.build(s.snapshot(), flat).labels());
        assertEquals(List.of("c", "b", "a"), builder.build(s.snapshot(), flat.withSort(SortOrder.NAME, true)).labels());
        assertEquals(List.of("a", "c", "b"), builder.build(s.snapshot(), flat.withSort(SortOrder.SIZE, false)).labels());
        assertEquals(List.of("b", "c", "a"), builder.build(s.snapshot(), flat.withSort(SortOrder.SIZE, true)).labels());
        assertEquals(List.of("c", "b", "a"), builder.build(s.snapshot(), flat.withSort(SortOrder.TTL, false)).labels(),
                "never expiring last");
        assertEquals(List.of("b", "c", "a"), builder.build(s.snapshot(), flat.withSort(SortOrder.ACCESS, false)).labels());
        assertEquals(List.of("a", "c", "b"), builder.build(s.snapshot(), flat.withSort(SortOrder.ACCESS, true)).labels());
    }

    @Test
    void theFilterNarrowsAndWidensAndAFilteredTreeOpensItsGroups() {
        ViewBuilder builder = new ViewBuilder();
        KeyStore s = store(KEYS);
        ViewQuery q = ViewQuery.initial();
        assertEquals(List.of("user: (2)", "  user:1: (1)", "    user:1:profile", "  user:2: (1)", "    user:2:profile"),
                builder.build(s.snapshot(), q.withFilter("prof")).labels());
        assertEquals(List.of("user: (1)", "  user:2: (1)", "    user:2:profile"),
                builder.build(s.snapshot(), q.withFilter("2prof")).labels());
        assertEquals(0, builder.build(s.snapshot(), q.withFilter("2profx")).matched);
        KeyView wide = builder.build(s.snapshot(), q.withFilter("PR"));
        assertEquals(2, wide.matched, "back to a shorter query: every key is checked again, case ignored");
        assertEquals(0, builder.build(s.snapshot(), q.withFilter("zzz")).matched);
    }

    @Test
    void keysArrivingWhileTheFilterIsSetAreFilteredAndMergedInNameOrder() {
        KeyStore s = store("b:1", "d:1");
        ViewBuilder builder = new ViewBuilder();
        ViewQuery q = ViewQuery.initial().withTree(false).withFilter("1");
        assertEquals(List.of("b:1", "d:1"), builder.build(s.snapshot(), q).labels());
        s.add("a:1", 1, KeyStore.NEVER, 0, 1, A);
        s.add("c:2", 1, KeyStore.NEVER, 0, 1, A);
        s.add("c:1", 1, KeyStore.NEVER, 0, 1, A);
        assertEquals(List.of("a:1", "b:1", "c:1", "d:1"), builder.build(s.snapshot(), q).labels());
        assertEquals(List.of("a:1", "b:1", "c:1", "c:2", "d:1"), builder.build(s.snapshot(), q.withFilter("")).labels());
    }

    @Test
    void deletedKeysAndOtherServersAreLeftOut() {
        KeyStore s = store("k0", "k1", "k2", "k3");
        s.markDeleted(s.snapshot().indexOf("k2"));
        ViewBuilder builder = new ViewBuilder();
        ViewQuery flat = ViewQuery.initial().withTree(false);
        assertEquals(List.of("k0", "k1", "k3"), builder.build(s.snapshot(), flat).labels());
        assertEquals(List.of("k1", "k3"), builder.build(s.snapshot(), flat.withServer(1)).labels());
        assertEquals(List.of("k1", "k3"), builder.build(s.snapshot(), flat.withServer(1).withFilter("k")).labels());
        s.markDeleted(s.snapshot().indexOf("k3"));
        KeyView narrowed = builder.build(s.snapshot(), flat.withServer(1).withFilter("k1"));
        assertEquals(List.of("k1"), narrowed.labels());
        assertEquals(2, narrowed.live);
        assertEquals(List.of("k0", "k1"), builder.build(s.snapshot(), flat).labels());
    }

    @Test
    void aStorePackedInNameOrderShowsTheSameRowsWithoutTheDeletedKeys() {
        KeyStore s = store(KEYS);
        s.markDeleted(s.snapshot().indexOf("session:9"));
        ViewBuilder builder = new ViewBuilder();
        ViewQuery q = ViewQuery.initial().withExpanded(Set.of("user:", "user:1:", "cache/", "cache/page/"));
        KeyView before = builder.build(s.snapshot(), q);
        KeyStore packed = builder.packedInNameOrder(s.snapshot());
        KeyStore.Snapshot p = packed.snapshot();
        assertEquals(6, p.count());
        for (int i = 1; i < p.count(); i++) {
            assertTrue(p.compare(i - 1, i) < 0, "in name order at " + i);
        }
        assertEquals(B, p.server(p.indexOf("user:1:profile")), "metadata kept");
        KeyView after = ViewBuilder.presorted(p.count()).build(p, q);
        assertEquals(before.labels(), after.labels());
        assertEquals(before.live, after.live);
    }

    @Test
    void aServersNumberInTheFilterStaysTheClientsOrderWhateverOrderKeysArriveInAndAfterPacking() {
        KeyStore s = new KeyStore().withServers(List.of(A, B));
        s.add("a-on-b", 1, KeyStore.NEVER, 1, 1, B);
        s.add("b-on-a", 1, KeyStore.NEVER, 1, 1, A);
        assertEquals(List.of(A, B), s.snapshot().servers);
        ViewBuilder builder = new ViewBuilder();
        ViewQuery onA = ViewQuery.initial().withTree(false).withServer(0);
        assertEquals(List.of("b-on-a"), builder.build(s.snapshot(), onA).labels());
        KeyStore packed = builder.packedInNameOrder(s.snapshot());
        assertEquals(List.of(A, B), packed.snapshot().servers, "a-on-b comes first by name, yet B keeps number 1");
        assertEquals(List.of("b-on-a"), ViewBuilder.presorted(2).build(packed.snapshot(), onA).labels());
        assertEquals(List.of(A, B), new KeyStore().withServers(List.of(A, B)).snapshot().servers, "known before any key");
    }

    @Test
    void aBuildIsCancelledWhenANewerQueryIsWanted() {
        KeyStore s = new KeyStore();
        for (int i = 0; i < 100_000; i++) {
            s.add("key:" + i, 1, KeyStore.NEVER, 0, 1, A);
        }
        ViewBuilder builder = new ViewBuilder();
        try {
            builder.build(s.snapshot(), ViewQuery.initial().withFilter("9"), () -> true);
            throw new AssertionError("not cancelled");
        } catch (ViewBuilder.Cancelled expected) {
            // the next build starts over
        }
        assertEquals(40_951, builder.build(s.snapshot(), ViewQuery.initial().withFilter("9")).matched,
                "the next build is complete: every key holding a 9");
    }

    @Test
    void theStoreKeepsKeysAndMetadataCompactly() {
        KeyStore s = new KeyStore();
        for (int i = 0; i < 100_000; i++) {
            s.add("k" + i, i, i % 2 == 0 ? KeyStore.NEVER : i, i, i % 40, i % 2 == 0 ? A : B);
        }
        KeyStore.Snapshot snap = s.snapshot();
        assertEquals(100_000, snap.count());
        assertEquals("k99999", snap.key(99_999));
        assertEquals(99_999, snap.size(99_999));
        assertEquals(99_999 % 40, snap.slab(99_999));
        assertEquals(B, snap.server(99_999));
        assertEquals(4321, snap.indexOf("k4321"));
        assertTrue(s.footprintBytes() < 100_000 * 40, "under 40 bytes a key with its metadata: " + s.footprintBytes());
    }
}
