package io.memcached4j.cli.browser;

import io.memcached4j.ClientConfig;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;

import java.time.Duration;

/** The tests' own clients, which fill and check the servers the browser shows. */
final class Clients {
    /** Patient on a loaded machine (the default second is not): the tests are about the browser. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Clients() {
    }

    /** @return a client of these servers ({@code host:port,...}) with a 10 s operation timeout */
    static MemcachedClient patient(String servers) {
        return Memcached.connect(ClientConfig.builder().servers(servers).operationTimeout(TIMEOUT).build());
    }
}
