package io.memcached4j.enumeration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memcached4j.KeyInfo;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code lru_crawler metadump} lines, in the format memcached 1.6.18 writes (see {@code MetadumpParserIT}). */
class MetadumpParserTest {
    private static final ServerAddress SERVER = new ServerAddress("127.0.0.1", 11211);

    @Test
    void parsesEveryField() {
        KeyInfo info = MetadumpParser.parse(
                "key=a%3Ab%2520c%C3%A9 exp=1795612817 la=1795611817 cas=10 fetch=yes cls=3 size=69", SERVER);
        assertEquals(KeyInfo.of("a:b%20cé", Instant.ofEpochSecond(1795612817L),
                Instant.ofEpochSecond(1795611817L), 10, true, 3, 69, SERVER), info);
        assertFalse(info.neverExpires());
    }

    @Test
    void expMinusOneNeverExpires() {
        KeyInfo info = MetadumpParser.parse("key=plain exp=-1 la=5 cas=18446744073709551615 fetch=no cls=1 size=65",
                SERVER);
        assertTrue(info.neverExpires());
        assertEquals("plain", info.key());
        assertEquals(-1L, info.cas());
        assertFalse(info.fetched());
        assertEquals(Instant.ofEpochSecond(5), info.lastAccess());
    }

    @Test
    void decodesSpacesPercentsAndMultibyteCharacters() {
        assertEquals("a b%c日本", MetadumpParser.parse("key=a%20b%25c%E6%97%A5%E6%9C%AC exp=-1 la=1", SERVER).key());
        assertEquals("lower", MetadumpParser.parse("key=%6c%6F%77%65%72 exp=-1 la=1", SERVER).key());
    }

    @Test
    void toleratesUnknownFieldsAndMissingOptionalOnes() {
        KeyInfo info = MetadumpParser.parse("key=k exp=-1 la=7 flags=3 future=x cls=2 bare", SERVER);
        assertEquals(2, info.slabClass());
        assertEquals(0, info.size());
        assertEquals(0, info.cas());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "END", "exp=-1 la=1 cas=1", "key= exp=-1 la=1", "key=k la=1", "key=k exp=-1",
        "key=k exp=x la=1", "key=k exp=-1 la=-5", "key=k exp=-1 la=1 cas=-1", "key=k exp=-1 la=1 fetch=maybe",
        "key=k exp=-1 la=1 cls=99999999999", "key=a%2 exp=-1 la=1", "key=a%zz exp=-1 la=1", "key=a% exp=-1 la=1",
        "key=k exp=1e3 la=1", "key=k exp=9223372036854775807 la=1", "key=k exp=-2 la=1",
        "key=k exp=-1 la=9223372036854775807"})
    void malformedLinesAreReportedQuotingTheLine(String line) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> MetadumpParser.parse(line, SERVER));
        assertTrue(e.getMessage().contains("\"" + line + "\""), e.getMessage());
    }

    @Test
    void mutatedLinesOnlyYieldKeyInfoOrProtocolException() {
        Random random = new Random(11211L);
        String[] words = {"key=", "exp=", "la=", "cas=", "fetch=", "cls=", "size=", " ", "%", "%2", "%C3", "-", "+",
            "-1", "99999999999999999999", "yes", "no", "\u00e9", "\u0000", "\ud800"};
        String line = "key=a%3Ab%C3%A9 exp=1795612817 la=1795611817 cas=10 fetch=yes cls=3 size=69";
        int parsed = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder mutated = new StringBuilder(line);
            for (int m = 1 + random.nextInt(3); m > 0 && mutated.length() > 0; m--) {
                int at = random.nextInt(mutated.length());
                switch (random.nextInt(4)) {
                    case 0 -> mutated.setCharAt(at, (char) random.nextInt(256));
                    case 1 -> mutated.setLength(at);
                    case 2 -> mutated.deleteCharAt(at);
                    default -> mutated.insert(at, words[random.nextInt(words.length)]);
                }
            }
            try {
                MetadumpParser.parse(mutated.toString(), SERVER);
                parsed++;
            } catch (ProtocolException expected) {
                // reported, as it must be
            } catch (RuntimeException e) {
                throw new AssertionError(e + " on metadump line \"" + mutated + "\"", e);
            }
        }
        assertTrue(parsed > 1000 && parsed < 19_000, "parsed " + parsed);
    }
}
