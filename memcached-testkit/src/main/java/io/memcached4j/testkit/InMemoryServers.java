package io.memcached4j.testkit;

import io.memcached4j.testkit.internal.server.ServerRegistry;

/**
 * What an address reaches through the in-memory transport ({@code inmem}, chosen with
 * {@code ClientConfig.builder().transport("inmem")} or {@code -Dmemcached4j.transport=inmem}):
 * <ul>
 *   <li>a {@link FakeMemcached} running in this JVM at exactly that address (its
 *       {@link FakeMemcached#address()}, such as {@code 127.0.0.1:40123}): the same cache its TCP
 *       clients see, with its faults and request log ({@link FakeMemcached#faults()},
 *       {@link FakeMemcached#takeRequest()}), until it is closed; its connection limit and
 *       {@link Faults#stopAccepting()} apply to TCP only;</li>
 *   <li>any other address: an in-memory fake with memcached's defaults (version 1.6.18, 64 MiB,
 *       1 MiB items, system clock), created on first use and shared by every in-memory client of
 *       that address in the JVM until {@link #reset()}.</li>
 * </ul>
 * Addresses are compared exactly ({@code localhost:11211} and {@code 127.0.0.1:11211} are two
 * servers). Each request reaches what its address names at that moment, so a client opened
 * before a reset, or before a fake started, follows the change. The in-memory fakes are shared
 * by the whole JVM: tests running in parallel should use addresses of their own, or a
 * {@link FakeMemcached} each.
 */
public final class InMemoryServers {
    private InMemoryServers() {
    }

    /**
     * Discards every in-memory fake created on first use, so the next request to such an address
     * finds an empty cache; call it between tests that share addresses. Running
     * {@link FakeMemcached}s keep their data.
     */
    public static void reset() {
        ServerRegistry.reset();
    }
}
