package io.memcached4j.benchmarks.micro;

import io.memcached4j.KeyInfo;
import io.memcached4j.ServerAddress;
import io.memcached4j.enumeration.MetadumpParser;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * JMH benchmark of {@code memcached-enumeration}'s {@link MetadumpParser}: a line as memcached 1.6.18
 * writes it for a key with an escaped character (the {@code :} of {@code bench:123456}, as in the
 * enumeration benchmark) and for a key with none. Run it with the {@code jmh} profile of
 * {@code memcached-benchmarks} (see the README's benchmarks section), with {@code -prof gc} for the
 * allocation per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MetadumpParseBenchmark {
    private static final ServerAddress SERVER = new ServerAddress("127.0.0.1", 11211);

    private final String escapedKeyLine = "key=bench%3A123456 exp=-1 la=1795611817 cas=123457 fetch=no cls=1 size=72";
    private final String plainKeyLine = "key=user_1234567890 exp=1795612817 la=1795611817 cas=1234567 fetch=yes cls=2 "
            + "size=81";

    /** Creates the benchmark state. */
    public MetadumpParseBenchmark() {
    }

    /** @return the parsed line of the key {@code bench:123456}, written {@code bench%3A123456} */
    @Benchmark
    public KeyInfo escapedKey() {
        return MetadumpParser.parse(escapedKeyLine, SERVER);
    }

    /** @return the parsed line of a key that needs no escape */
    @Benchmark
    public KeyInfo plainKey() {
        return MetadumpParser.parse(plainKeyLine, SERVER);
    }
}
