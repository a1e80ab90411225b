package io.memcached4j;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetaRequestTest {

    @Test
    void builderAddsFlagsInOrder() {
        MetaRequest r = MetaRequest.get("user:1").value().cas().clientFlags().ttl().recacheBelow(30).opaque("o1").quiet().build();
        assertEquals(MetaCommand.GET, r.command());
        assertEquals("[v, c, f, t, R30, Oo1, q]", r.flags().toString());
        assertTrue(r.quiet());
        assertTrue(r.hasFlag('R'));
        assertFalse(r.hasFlag('k'));
    }

    @Test
    void binaryKeysAreBase64() {
        byte[] key = {0, ' ', '\r', '\n', (byte) 0xff};
        MetaRequest r = MetaRequest.get("ignored").base64Key(key).value().build();
        assertTrue(r.base64Key());
        assertEquals("ACANCv8=", r.key());
    }

    @Test
    void setCarriesItsValueAndOthersNone() {
        MetaRequest set = MetaRequest.set("k", "v".getBytes(StandardCharsets.UTF_8)).setTtl(60).setClientFlags(-1).build();
        assertEquals("[T60, F4294967295]", set.flags().toString());
        assertThrows(IllegalArgumentException.class, () -> new MetaRequest(MetaCommand.GET, "k", false, List.of(), new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> new MetaRequest(MetaCommand.SET, "k", false, List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> MetaRequest.get("k").flag('b').build());
        assertThrows(IllegalArgumentException.class, () -> MetaRequest.get("k").opaque("has space").build());
        assertThrows(IllegalArgumentException.class, () -> MetaRequest.get("k").flag('1').build());
        assertEquals(MetaCommand.NOOP, MetaRequest.noop().command());
        assertEquals("kключ", MetaFlag.of('k', "ключ").toString(), "a returned UTF-8 key is a valid token");
        assertThrows(IllegalArgumentException.class, () -> MetaFlag.of('O', "a\u007fb"));
    }

    @Test
    void responseExposesReturnedFlags() {
        MetaResponse r = MetaResponse.of(MetaStatus.VALUE,
                List.of(MetaFlag.of('c', "18446744073709551615"), MetaFlag.of('W'), MetaFlag.of('O', "x")), new byte[]{1});
        assertEquals(OptionalLong.of(-1L), r.cas(), "CAS tokens are unsigned 64-bit");
        assertTrue(r.won());
        assertFalse(r.stale());
        assertEquals(Optional.of("x"), r.opaque());
        assertTrue(r.isSuccess());
        assertEquals(MetaStatus.MISS, MetaStatus.fromCode("EN"));
        assertThrows(IllegalArgumentException.class, () -> MetaStatus.fromCode("ZZ"));
    }
}
