package io.memcached4j.protocol.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.memcached4j.MemcachedException;
import io.memcached4j.MetaRequest;
import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.ResponseDecoder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Random and mutated replies, fed in random pieces: the decoder answers with a value, NEED_MORE or a
 * {@link MemcachedException}, and nothing else; it always makes progress and never allocates past
 * the item size limit.
 */
class DecoderFuzzTest {
    private static final int INPUTS = 120_000;
    private static final String[] WORDS = {"VALUE ", "END", "STORED", "NOT_FOUND", "DELETED", "TOUCHED", "OK", "STAT ",
        "ITEM ", "VERSION ", "ERROR", "CLIENT_ERROR ", "SERVER_ERROR ", "VA ", "HD", "EN", "NF", "NS", "EX", "MN",
        "ME ", "key=", "PREFIX ", " ", "\r\n", "\n", "\r", "0", "1", "42", "-1", "99999999999", "18446744073709551616",
        "4294967296", "k", "foo", "t-1", "c7", "Oop", "q", "\u00e9", "\u0000", "%"};

    private final ProtocolCodec codec = new TextProtocolCodecProvider().create(64 * 1024);
    private final List<Request<?>> requests = requests();

    private static List<Request<?>> requests() {
        List<Request<?>> list = new ArrayList<>();
        for (Golden.Reply reply : Golden.REPLIES) {
            list.add(reply.request());
        }
        list.add(new Request.Meta(MetaRequest.debug("k").quiet().build()));
        list.add(new Request.Meta(MetaRequest.arithmetic("k").quiet().value().build()));
        return List.copyOf(list);
    }

    @Test
    void randomAndMutatedRepliesOnlyYieldValuesNeedMoreOrMemcachedExceptions() {
        Random random = new Random(20261125L);
        long values = 0;
        long failures = 0;
        for (int n = 0; n < INPUTS; n++) {
            Golden.Reply golden = Golden.REPLIES.get(random.nextInt(Golden.REPLIES.size()));
            boolean mutated = n % 3 != 0;
            byte[] input = mutated ? mutate(random, golden.bytes()) : randomInput(random);
            Request<?> first = mutated ? golden.request() : requests.get(random.nextInt(requests.size()));
            long[] counts = run(random, input, first);
            values += counts[0];
            failures += counts[1];
        }
        assertTrue(values > INPUTS / 10, "too few inputs decoded to values: " + values);
        assertTrue(failures > INPUTS / 10, "too few inputs were rejected: " + failures);
    }

    /** Decodes one input in random pieces with random requests; returns {values, exceptions}. */
    private long[] run(Random random, byte[] input, Request<?> first) {
        ResponseDecoder decoder = codec.newDecoder();
        ByteBuffer in = ByteBuffer.allocate(input.length).flip();
        int fed = 0;
        long values = 0;
        Request<?> request = first;
        int calls = 0;
        while (true) {
            if (++calls > 2 * input.length + 10) {
                fail("no progress on " + show(input));
            }
            if (!in.hasRemaining() && fed < input.length) {
                int piece = 1 + random.nextInt(Math.min(input.length - fed, random.nextBoolean() ? 3 : 64));
                in.compact().put(input, fed, piece).flip();
                fed += piece;
            }
            Object result;
            try {
                result = decoder.decode(request, in);
            } catch (MemcachedException expected) {
                return new long[] {values, 1};
            } catch (RuntimeException | Error e) {
                throw new AssertionError(e + " from " + request + " on " + show(input), e);
            }
            if (result == ResponseDecoder.NEED_MORE) {
                assertEquals(0, in.remaining(), "NEED_MORE with bytes left");
                if (fed == input.length) {
                    return new long[] {values, 0};
                }
            } else {
                values++;
                request = requests.get(random.nextInt(requests.size()));
            }
        }
    }

    private static byte[] randomInput(Random random) {
        StringBuilder sb = new StringBuilder();
        int parts = 1 + random.nextInt(12);
        for (int i = 0; i < parts; i++) {
            if (random.nextInt(4) == 0) {
                sb.append((char) random.nextInt(256));
            } else {
                sb.append(WORDS[random.nextInt(WORDS.length)]);
            }
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] mutate(Random random, byte[] original) {
        byte[] bytes = original.clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && bytes.length > 0; m++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(5)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes = Arrays.copyOf(bytes, at); // truncate
                case 2 -> { // delete one byte
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter;
                }
                case 3 -> { // insert a protocol word
                    byte[] word = WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.ISO_8859_1);
                    byte[] longer = new byte[bytes.length + word.length];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    System.arraycopy(word, 0, longer, at, word.length);
                    System.arraycopy(bytes, at, longer, at + word.length, bytes.length - at);
                    bytes = longer;
                }
                default -> { // repeat the whole reply: several replies in one read
                    byte[] twice = Arrays.copyOf(bytes, bytes.length * 2);
                    System.arraycopy(bytes, 0, twice, bytes.length, bytes.length);
                    bytes = twice;
                }
            }
        }
        return bytes;
    }

    private static String show(byte[] input) {
        return "input hex " + HexFormat.of().formatHex(input) + " (\"" + new String(input, StandardCharsets.ISO_8859_1)
                .replace("\r", "\\r").replace("\n", "\\n") + "\")";
    }
}
