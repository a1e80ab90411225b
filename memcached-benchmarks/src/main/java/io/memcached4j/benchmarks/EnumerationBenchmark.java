package io.memcached4j.benchmarks;

import io.memcached4j.ClientConfig;
import io.memcached4j.EnumerationOptions;
import io.memcached4j.KeyEnumerator;
import io.memcached4j.KeyInfo;
import io.memcached4j.LineConnection;
import io.memcached4j.Memcached;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.process.MemcachedProcess;
import io.memcached4j.process.RawTextSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Keys per second of {@link KeyEnumerator#stream()} against the floor of a raw socket that only
 * counts the lines of the same {@code lru_crawler metadump}; in between, for reference, the
 * transport's {@link LineConnection} reading the lines without parsing them. A program, not a test:
 * see the README's key enumeration section for the command. Arguments: {@code [keys] [rounds] [host:port]};
 * without an address it starts a memcached ({@code -m 256}) and loads the keys itself.
 */
public final class EnumerationBenchmark {
    private static final String PREFIX = "bench:";
    private static final String SCOPE = "hash";

    private EnumerationBenchmark() {
    }

    /**
     * Runs the benchmark and prints each round and the ratio of the medians.
     *
     * @param args keys (default 1,000,000), measured rounds (default 5), optional host:port
     */
    public static void main(String[] args) {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        MemcachedProcess started = null;
        ServerAddress server;
        if (args.length > 2) {
            server = ServerAddress.parse(args[2]);
        } else {
            started = MemcachedProcess.builder().memoryMegabytes(256).start();
            server = started.address();
            try (RawTextSession bulk = RawTextSession.open(server)) {
                bulk.setQuietly(PREFIX, keys);
            }
        }
        try (MemcachedClient client = Memcached.connect(ClientConfig.builder().servers(List.of(server))
                .operationTimeout(Duration.ofSeconds(30)).build())) {
            KeyEnumerator enumerator = Memcached.keyEnumerator(client)
                    .withOptions(EnumerationOptions.builder().hash().build());
            System.out.printf(Locale.ROOT, "memcached %s at %s, %s keys, metadump %s, Java %s%n",
                    client.version().get(server), server, client.stats().get(server).get("curr_items"), SCOPE,
                    System.getProperty("java.version"));
            for (int i = 0; i < 2; i++) {
                raw(server);
                lines(client, server);
                enumerated(enumerator);
            }
            List<Double> rawRates = new ArrayList<>();
            List<Double> lineRates = new ArrayList<>();
            List<Double> enumeratorRates = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                rawRates.add(rate(() -> raw(server)));
                lineRates.add(rate(() -> lines(client, server)));
                enumeratorRates.add(rate(() -> enumerated(enumerator)));
                System.out.printf(Locale.ROOT, "round %d: raw socket %,.0f keys/s, LineConnection %,.0f keys/s, "
                        + "KeyEnumerator %,.0f keys/s%n", i + 1, rawRates.get(i), lineRates.get(i), enumeratorRates.get(i));
            }
            double raw = median(rawRates);
            double enumerated = median(enumeratorRates);
            System.out.printf(Locale.ROOT, "median: raw socket %,.0f keys/s, LineConnection %,.0f keys/s, "
                    + "KeyEnumerator %,.0f keys/s, ratio KeyEnumerator/raw %.2f%n",
                    raw, median(lineRates), enumerated, enumerated / raw);
        } finally {
            if (started != null) {
                started.close();
            }
        }
    }

    /** Counts the keys of one dump with the KeyEnumerator: parsed into {@link KeyInfo}s, as users get them. */
    private static long enumerated(KeyEnumerator enumerator) {
        try (Stream<KeyInfo> keys = enumerator.stream()) {
            return keys.count();
        }
    }

    /** Counts the lines of one dump read with the transport's line connection, parsing nothing. */
    private static long lines(MemcachedClient client, ServerAddress server) {
        try (LineConnection connection = client.openLineConnection(server)) {
            connection.sendLine("lru_crawler metadump " + SCOPE);
            Duration timeout = Duration.ofSeconds(30);
            long lines = 0;
            for (String line = connection.readLine(timeout); !line.equals("END"); line = connection.readLine(timeout)) {
                lines++;
            }
            return lines;
        }
    }

    /** Counts the lines of one dump read straight off a socket, parsing nothing: the floor. */
    private static long raw(ServerAddress server) {
        try (RawTextSession session = RawTextSession.open(server).readTimeout(Duration.ofSeconds(60))) {
            session.send("lru_crawler metadump " + SCOPE + "\r\n");
            byte[] buffer = new byte[1 << 16];
            long lines = 0;
            int last4 = 0;
            while (true) {
                int n = session.read(buffer);
                if (n < 0) {
                    throw new UncheckedIOException(new IOException("memcached closed the connection mid-dump"));
                }
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    last4 = last4 << 8 | (b & 0xff);
                    if (b == '\n') {
                        lines++;
                        if (last4 == ('N' << 24 | 'D' << 16 | '\r' << 8 | '\n')) {
                            return lines - 1; // END\r\n
                        }
                    }
                }
            }
        }
    }

    /** Keys per second of one run. */
    private static double rate(java.util.function.LongSupplier run) {
        long start = System.nanoTime();
        long keys = run.getAsLong();
        return keys / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
