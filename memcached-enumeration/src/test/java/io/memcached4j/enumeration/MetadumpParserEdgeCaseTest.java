package io.memcached4j.enumeration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.memcached4j.KeyInfo;
import io.memcached4j.ProtocolException;
import io.memcached4j.ServerAddress;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The corners of the metadump grammar the in-place parser must keep: numbers read as
 * {@link Long#parseLong} and {@link Long#parseUnsignedLong} read them, the limits between a bad
 * number and one out of range, raw chars around escapes, repeated fields and stray words.
 */
class MetadumpParserEdgeCaseTest {
    private static final ServerAddress SERVER = new ServerAddress("127.0.0.1", 11211);

    private KeyInfo parse(String line) {
        return MetadumpParser.parse(line, SERVER);
    }

    @Test
    void numbersTakeASignAndAnyUnicodeDecimalDigit() {
        assertEquals(KeyInfo.of("k", Instant.ofEpochSecond(5), Instant.EPOCH, 7, false, 0, 0, SERVER),
                parse("key=k exp=+5 la=+0 cas=+7"));
        KeyInfo info = parse("key=k exp=-0 la=\u0661\u0662 size=\uff19"); // Arabic-Indic 12, fullwidth 9
        assertEquals(Optional.of(Instant.EPOCH), info.expiration());
        assertEquals(Instant.ofEpochSecond(12), info.lastAccess());
        assertEquals(9, info.size());
    }

    @Test
    void numbersReachTheirLimits() {
        assertEquals(-1L, parse("key=k exp=-1 la=1 cas=18446744073709551615").cas());
        assertEquals(-1L, parse("key=k exp=-1 la=1 cas=000018446744073709551615").cas());
        assertEquals(Instant.MAX.getEpochSecond(),
                parse("key=k exp=-1 la=31556889864403199").lastAccess().getEpochSecond());
        assertEquals(Integer.MAX_VALUE, parse("key=k exp=-1 la=1 cls=2147483647 size=2147483647").size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "key=k exp=-1 la=1 cas=18446744073709551616 | bad number \"18446744073709551616\"",
        "key=k exp=-1 la=1 cas=-0 | bad number \"-0\"",
        "key=k exp=-1 la=1 cas=+ | bad number \"+\"",
        "key=k exp=-1 la=1 cas= | bad number \"\"",
        "key=k exp=+ la=1 | bad number \"+\"",
        "key=k exp=-1 la=9223372036854775808 | bad number \"9223372036854775808\"",
        "key=k exp=-9223372036854775809 la=1 | bad number \"-9223372036854775809\"",
        "key=k exp=-9223372036854775808 la=1 | number out of range \"-9223372036854775808\"",
        "key=k exp=-1 la=31556889864403200 | number out of range \"31556889864403200\"",
        "key=k exp=-1 la=1 size=2147483648 | number out of range \"2147483648\"",
        "key=ab%4 exp=-1 la=1 | bad %-escape at index 2 of the key",
        "key=k exp=-1 la=1 fetch=yess | fetch is neither yes nor no",
        "key=k la=1 | no exp",
        "key=a key= exp=-1 la=1 | no key"})
    void malformedLinesSayWhy(String line, String why) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> parse(line));
        assertEquals("malformed metadump line (" + why + "): \"" + line + "\"", e.getMessage());
    }

    @Test
    void onlyASpaceEndsAField() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> parse("key=k exp=-1 la=1\r"));
        assertEquals("malformed metadump line (bad number \"1\r\"): \"key=k exp=-1 la=1\r\"", e.getMessage());
        assertEquals("k\tx", parse("key=k\tx exp=-1 la=1").key());
    }

    @Test
    void rawCharsAroundEscapesAreReadAsUtf8() {
        // fullwidth hex digits escape the lone byte A1; an unpaired surrogate becomes '?'
        assertEquals("\ufffd\u00e9\ud83d\ude00?A?",
                parse("key=%\uff21\uff11\u00e9\ud83d\ude00\ud83d%41\ude00 exp=-1 la=1").key());
        assertEquals("\ufffd\u00e9", parse("key=%ff%C3%A9 exp=-1 la=1").key());
        assertEquals("\u00e9\ud83d", parse("key=\u00e9\ud83d exp=-1 la=1").key()); // without '%' the key is as written
    }

    @Test
    void theLastOfARepeatedFieldWinsAndStrayWordsAreIgnored() {
        KeyInfo info = parse("key=a key=b%3D=c exp=-1 la=1 exp=7 fetch=yes fetch=no");
        assertEquals("b==c", info.key());
        assertEquals(Optional.of(Instant.ofEpochSecond(7)), info.expiration());
        assertFalse(info.fetched());
        info = parse("bare =x keyx=1 ke=2 key  exp=-1  la=1 key=k cls=2 ");
        assertEquals(KeyInfo.of("k", null, Instant.ofEpochSecond(1), 0, false, 2, 0, SERVER), info);
    }
}
