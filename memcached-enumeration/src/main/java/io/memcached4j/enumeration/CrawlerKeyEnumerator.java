package io.memcached4j.enumeration;

import io.memcached4j.EnumerationOptions;
import io.memcached4j.KeyEnumerator;
import io.memcached4j.KeyInfo;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@link KeyEnumerator} with {@code lru_crawler metadump}: each server is dumped on a connection of its
 * own. With one server, a thread reads the socket a bounded number of lines ahead while the consumer's
 * thread parses them; with several, one thread per server reads and parses into a bounded hand-off.
 *
 * <p>Lines that cannot be parsed are left out, counted ({@link #unparsedLines()}) and logged at WARNING
 * with the count and the first such line when a server's dump ends.
 */
final class CrawlerKeyEnumerator implements KeyEnumerator {
    private final MemcachedClient client;
    private final EnumerationOptions options;
    private final Duration timeout;
    private final Pacer pacer;
    private final AtomicLong unparsedLines = new AtomicLong();
    private final AtomicLong partialServers = new AtomicLong();

    CrawlerKeyEnumerator(MemcachedClient client, EnumerationOptions options, Duration timeout, Pacer pacer) {
        this.client = Objects.requireNonNull(client, "client");
        this.options = Objects.requireNonNull(options, "options");
        this.timeout = requirePositive(timeout);
        this.pacer = Objects.requireNonNull(pacer, "pacer");
    }

    private static Duration requirePositive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return timeout;
    }

    @Override
    public List<KeyInfo> enumerateAll() {
        try (Stream<KeyInfo> keys = stream()) {
            return keys.toList();
        }
    }

    @Override
    public Stream<KeyInfo> stream() {
        DumpContext context = new DumpContext(options, timeout, pacer, unparsedLines, partialServers);
        List<ServerAddress> servers = client.servers();
        KeySource source = servers.size() == 1
                ? new LazySource(() -> ServerDump.open(client, servers.get(0), context, true))
                : new ConcurrentKeySource(servers, server -> ServerDump.open(client, server, context, false),
                        timeout.toMillis());
        KeySpliterator spliterator = new KeySpliterator(source, options.limit());
        return StreamSupport.stream(spliterator, false).onClose(spliterator::close);
    }

    @Override
    public KeyEnumerator withTimeout(Duration newTimeout) {
        return new CrawlerKeyEnumerator(client, options, newTimeout, pacer);
    }

    @Override
    public KeyEnumerator withOptions(EnumerationOptions newOptions) {
        return new CrawlerKeyEnumerator(client, newOptions, timeout, pacer);
    }

    /** @return the lines left out because they could not be parsed, over every dump of this enumerator */
    long unparsedLines() {
        return unparsedLines.get();
    }

    /** @return how many server dumps used the partial {@code stats cachedump} fallback */
    long partialServers() {
        return partialServers.get();
    }

    EnumerationOptions options() {
        return options;
    }

    Duration timeout() {
        return timeout;
    }
}
