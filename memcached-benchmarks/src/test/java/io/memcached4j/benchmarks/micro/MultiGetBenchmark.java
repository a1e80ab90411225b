package io.memcached4j.benchmarks.micro;

import io.memcached4j.ClientConfig;
import io.memcached4j.Item;
import io.memcached4j.MemcachedClient;
import io.memcached4j.ServerAddress;
import io.memcached4j.benchmarks.ReplyParser;
import io.memcached4j.core.DispatchingClient;
import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.ProtocolCodecProvider;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.ResponseDecoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH benchmark of a 100-key multi-get of 100-byte values, every key found, as the load harness's
 * {@code multiget-100} workload makes them: {@code decode100}, the {@code text} codec's decoder
 * alone on the reply (a heap buffer, as a lane reads into) of a {@code Request.Retrieval} (a list of
 * items), {@code decodeGetAll100} of a {@code Request.GetAll} (getAll's map); {@code getAll100}, a blocking
 * {@code MemcachedClient.getAll} whose transport encodes the request with the codec and decodes
 * the same reply on the caller's thread, as a lane does, without the socket: the client's whole
 * CPU path but the system calls; {@code baselineParse100}, the reply parsed as the limit driver
 * parses it. Run with {@code -prof gc} for the bytes allocated per multi-get.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MultiGetBenchmark {
    private static final int KEYS = 100;
    private static final int VALUE_BYTES = 100;

    private final ProtocolCodec codec = ProtocolCodecProvider.find("text").create(1024 * 1024);
    private final List<String> keys = new ArrayList<>();
    private Request.Retrieval request;
    private Request.GetAll getAll;
    private ResponseDecoder decoder;
    private ByteBuffer reply;
    private final ReplyParser limitParser = new ReplyParser();
    private MemcachedClient client;

    /** Creates the benchmark state. */
    public MultiGetBenchmark() {
    }

    /** Builds the keys, the reply and the client. */
    @Setup
    public void setUp() {
        for (int i = 0; i < KEYS; i++) {
            keys.add(String.format("bench:%06d", 4000 + i));
        }
        request = new Request.Retrieval(Request.RetrievalCommand.GET, keys, 0);
        getAll = new Request.GetAll(keys);
        decoder = codec.newDecoder();
        reply = reply(keys);
        ClientConfig config = ClientConfig.builder().servers(List.of(new ServerAddress("127.0.0.1", 11211))).build();
        client = DispatchingClient.create(new CodecDispatcher(config, codec, reply(keys)));
    }

    /** Closes the client. */
    @TearDown
    public void tearDown() {
        client.close();
    }

    private static ByteBuffer reply(List<String> keys) {
        byte[] value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) 'v');
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String key : keys) {
            bytes.writeBytes(("VALUE " + key + " 0 " + VALUE_BYTES + "\r\n").getBytes(StandardCharsets.US_ASCII));
            bytes.writeBytes(value);
            bytes.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        bytes.writeBytes("END\r\n".getBytes(StandardCharsets.US_ASCII));
        return ByteBuffer.wrap(bytes.toByteArray());
    }

    /** @return the decoded reply of a 100-key get */
    @Benchmark
    public Object decode100() {
        reply.rewind();
        return decoder.decode(request, reply);
    }

    /** @return the decoded reply of a 100-key getAll: the map itself */
    @Benchmark
    public Object decodeGetAll100() {
        reply.rewind();
        return decoder.decode(getAll, reply);
    }

    /**
     * The baseline for {@code decodeGetAll100}: the same reply parsed by the load harness's limit
     * driver's own parse ({@code ReplyParser.multiGet}, as {@code TextConnection.readMultiGet} calls
     * it on what it read from a socket): a new key string and value array per hit, into a map.
     *
     * @return the values by key
     */
    @Benchmark
    public Map<String, byte[]> baselineParse100() throws IOException {
        byte[] a = reply.array();
        Map<String, byte[]> found = new HashMap<>();
        if (limitParser.multiGet(a, 0, a.length, found) != a.length) {
            throw new IllegalStateException("the canned reply is not one whole multi-get reply");
        }
        return found;
    }

    /** @return a blocking 100-key getAll's result, encoded and decoded on the caller's thread */
    @Benchmark
    public Map<String, Item> getAll100() {
        return client.getAll(keys);
    }

    /**
     * A transport that encodes each request with the codec and answers it at once, on the caller's
     * thread, by decoding one canned reply (only the benchmark's multi-get is sent).
     */
    private static final class CodecDispatcher extends CallerThreadDispatcher {
        private final ProtocolCodec codec;
        private final ResponseDecoder decoder;
        private final ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);
        private final ByteBuffer reply;

        CodecDispatcher(ClientConfig config, ProtocolCodec codec, ByteBuffer reply) {
            super(config, "codec");
            this.codec = codec;
            this.decoder = codec.newDecoder();
            this.reply = reply;
        }

        @Override
        Object answer(Request<?> request) {
            out.clear();
            if (!codec.encode(request, out)) {
                throw new IllegalStateException("the request does not fit");
            }
            reply.rewind();
            Object decoded = decoder.decode(request, reply);
            if (decoded == ResponseDecoder.NEED_MORE || reply.hasRemaining()) {
                throw new IllegalStateException("the canned reply does not answer " + request);
            }
            return decoded;
        }
    }
}
