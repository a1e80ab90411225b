package io.memcached4j.enumeration;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.memcached4j.KeyInfo;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;
import io.memcached4j.spi.ProtocolCodec;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A mocked codec whose {@code parseMetadumpLine} reads {@code key=<k> cls=<n>} and throws
 * {@link ProtocolException} for anything else: parsing itself is the codec's business, tested there.
 */
final class TestCodec {
    private TestCodec() {
    }

    static ProtocolCodec mockCodec() {
        ProtocolCodec codec = mock(ProtocolCodec.class);
        when(codec.parseMetadumpLine(anyString(), any())).thenAnswer(inv -> parse(inv.getArgument(0), inv.getArgument(1)));
        return codec;
    }

    static String line(String key, int slabClass) {
        return "key=" + key + " cls=" + slabClass;
    }

    private static KeyInfo parse(String line, ServerAddress server) {
        String[] parts = line.split(" ");
        if (parts.length != 2 || !parts[0].startsWith("key=") || !parts[1].startsWith("cls=")) {
            throw new ProtocolException("bad metadump line: " + line);
        }
        String key = URLDecoder.decode(parts[0].substring(4), StandardCharsets.UTF_8);
        int cls = Integer.parseInt(parts[1].substring(4));
        return KeyInfo.of(key, null, Instant.EPOCH, 1, false, cls, 64, server);
    }
}
