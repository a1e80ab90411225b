package io.memcached4j;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerVersionTest {

    @Test
    void parsesReleases() {
        assertEquals(new ServerVersion(1, 6, 22, ""), ServerVersion.parse("1.6.22"));
        assertEquals(new ServerVersion(1, 4, 31, "beta"), ServerVersion.parse("1.4.31-beta"));
        assertEquals(new ServerVersion(1, 4, 0, ""), ServerVersion.parse("1.4"));
        assertEquals(new ServerVersion(1, 6, 18, ""), ServerVersion.parse("1.6.18 "));
        assertEquals(new ServerVersion(1, 6, 18, ""), ServerVersion.parse("VERSION 1.6.18"));
        assertEquals("1.4.31-beta", ServerVersion.parse("1.4.31-beta").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "1", "1.", "a.b.c", "1.6.x", "1.6.18 extra", "1..2", "99999999999.1"})
    void refusesGarbageWithAClearMessage(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerVersion.parse(text));
        assertTrue(e.getMessage().startsWith("not a memcached version: \"" + text), e.getMessage());
    }

    @Test
    void ordersNumericallyWithPreReleasesFirst() {
        List<ServerVersion> sorted = new ArrayList<>(List.of(
                ServerVersion.parse("1.10.0"), ServerVersion.parse("1.6.0"), ServerVersion.parse("1.6.0-beta"),
                ServerVersion.parse("1.4.31"), ServerVersion.parse("1.4.5"), ServerVersion.parse("2.0")));
        Collections.shuffle(sorted, new java.util.Random(7));
        Collections.sort(sorted);
        assertEquals(List.of("1.4.5", "1.4.31", "1.6.0-beta", "1.6.0", "1.10.0", "2.0.0"),
                sorted.stream().map(ServerVersion::toString).toList());
    }

    @Test
    void metadumpNeeds1_4_31() {
        assertEquals(ServerVersion.parse("1.4.31"), ServerVersion.MIN_METADUMP);
        assertFalse(ServerVersion.parse("1.4.30").supportsMetadump());
        assertFalse(ServerVersion.parse("1.4").isAtLeast(ServerVersion.MIN_METADUMP));
        assertTrue(ServerVersion.parse("1.4.31").supportsMetadump());
        assertTrue(ServerVersion.parse("1.4.31-beta").supportsMetadump(), "isAtLeast compares numbers only");
        assertTrue(ServerVersion.parse("1.5.0").supportsMetadump());
        assertTrue(ServerVersion.parse("2.0").supportsMetadump());
    }
}
