package io.memcached4j.benchmarks.micro;

import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.ProtocolCodecProvider;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.ResponseDecoder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH benchmark of the client codec: encoding a get and a 100-byte set, decoding a 100-byte and a
 * 100-KiB hit, with the codec {@code text} of {@code memcached-protocol-text}. Run it with the
 * {@code jmh} profile of {@code memcached-benchmarks} (see the README's benchmarks section), with
 * {@code -prof gc} for the allocation per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {
    private static final String KEY = "user:1234567890";

    private final ProtocolCodec codec = ProtocolCodecProvider.find("text").create(1024 * 1024);
    private final ByteBuffer out = ByteBuffer.allocateDirect(4096);
    private final Request<?> get = new Request.Retrieval(Request.RetrievalCommand.GET, List.of(KEY), 0);
    private final Request<?> set = new Request.Storage(Request.StorageCommand.SET, KEY, filled(100), 0, 3600, 0, false);
    private ResponseDecoder decoder;
    private ByteBuffer hit100;
    private ByteBuffer hit100KiB;

    /** Creates the benchmark state. */
    public CodecBenchmark() {
    }

    /** Prepares the decoder and the two replies. */
    @Setup
    public void setUp() {
        decoder = codec.newDecoder();
        hit100 = reply(100);
        hit100KiB = reply(100 * 1024);
    }

    private static byte[] filled(int size) {
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'x');
        return value;
    }

    private static ByteBuffer reply(int size) {
        byte[] header = ("VALUE " + KEY + " 0 " + size + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] end = "\r\nEND\r\n".getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocateDirect(header.length + size + end.length).put(header).put(filled(size)).put(end).flip();
    }

    /** @return the buffer after encoding {@code get user:1234567890} */
    @Benchmark
    public ByteBuffer encodeGet() {
        out.clear();
        codec.encode(get, out);
        return out;
    }

    /** @return the buffer after encoding a set of 100 bytes */
    @Benchmark
    public ByteBuffer encodeSet100() {
        out.clear();
        codec.encode(set, out);
        return out;
    }

    /** @return the decoded hit of 100 bytes */
    @Benchmark
    public Object decodeHit100() {
        hit100.rewind();
        return decoder.decode(get, hit100);
    }

    /** @return the decoded hit of 100 KiB */
    @Benchmark
    public Object decodeHit100KiB() {
        hit100KiB.rewind();
        return decoder.decode(get, hit100KiB);
    }
}
