package io.memcached4j.protocol.text;

import io.memcached4j.MetaRequest;
import io.memcached4j.core.codec.ProtocolCodec;
import io.memcached4j.core.codec.Request;
import io.memcached4j.core.codec.Request.StorageCommand;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A request too large for a transport's write buffer: {@link ProtocolCodec#encodeLarge} gives the
 * same bytes as {@link ProtocolCodec#encode}, with a value going out from its own array, not a copy.
 */
class LargeRequestEncodingTest {
    private static final int LIMIT = 2 * 1024 * 1024;
    private final ProtocolCodec codec = new TextProtocolCodecProvider().create(LIMIT);

    private static byte[] value(int size) {
        byte[] value = new byte[size];
        for (int i = 0; i < size; i++) {
            value[i] = (byte) ('a' + i % 26);
        }
        return value;
    }

    private byte[] encoded(Request<?> request) {
        ByteBuffer out = ByteBuffer.allocate(codec.encodedSize(request));
        codec.encode(request, out);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static byte[] concatenated(ByteBuffer[] parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(ByteBuffer::remaining).sum());
        for (ByteBuffer part : parts) {
            all.put(part.duplicate());
        }
        return all.array();
    }

    @Test
    void theBuffersHoldTheSameBytesAsOneEncodingForEveryRequestWithAValueAndOthers() {
        byte[] value = value(300_000);
        List<Request<?>> requests = List.of(
                new Request.Storage(StorageCommand.SET, "big", value, 7, 60, 0, false),
                new Request.Storage(StorageCommand.CAS, "big", value, 0, 0, 12345, true),
                new Request.Meta(MetaRequest.set("big", value).build()),
                new Request.Meta(MetaRequest.set("big", value).quiet().build()),
                new Request.Retrieval(Request.RetrievalCommand.GET, List.of("a", "b"), 0));
        for (Request<?> request : requests) {
            ByteBuffer[] parts = codec.encodeLarge(request);
            assertArrayEquals(encoded(request), concatenated(parts), request.toString());
        }
    }

    @Test
    void aValueIsSharedNotCopied() {
        byte[] value = value(1024 * 1024);
        ByteBuffer[] parts = codec.encodeLarge(new Request.Storage(StorageCommand.SET, "big", value, 0, 0, 0, false));

        assertEquals(3, parts.length);
        assertEquals("set big 0 0 1048576\r\n", new String(concatenated(new ByteBuffer[] {parts[0]}), StandardCharsets.US_ASCII));
        assertEquals(value.length, parts[1].remaining());
        value[0] = 'Z'; // the buffer reads the caller's array
        assertEquals('Z', parts[1].get(parts[1].position()));
        assertEquals(2, parts[2].remaining());
    }

    @Test
    void aRequestTooLargeForTheServerIsRefusedBeforeAnyBuffer() {
        byte[] value = value(LIMIT + 1);
        assertThrows(IllegalArgumentException.class,
                () -> codec.encodeLarge(new Request.Storage(StorageCommand.SET, "big", value, 0, 0, 0, false)));
    }
}
