package io.memcached4j;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeysTest {

    @Test
    void refusesCommandInjection() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Keys.requireValid("a\r\nflush_all"));
        assertTrue(e.getMessage().contains("control character (0xd)"), e.getMessage());
        assertTrue(e.getMessage().contains("\\x0d\\x0a"), "the key is shown escaped: " + e.getMessage());
    }

    @Test
    void refusesSpace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Keys.requireValid("a b"));
        assertTrue(e.getMessage().contains("contains a space at index 1"), e.getMessage());
    }

    @Test
    void refusesEmpty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Keys.requireValid(""));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void refusesNull() {
        assertThrows(NullPointerException.class, () -> Keys.requireValid(null));
        assertFalse(Keys.isValid(null));
    }

    @Test
    void acceptsExactly250AsciiBytesAndRefuses251() {
        assertEquals("k".repeat(250), Keys.requireValid("k".repeat(250)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Keys.requireValid("k".repeat(251)));
        assertTrue(e.getMessage().contains("251 bytes"), e.getMessage());
    }

    @Test
    void countsUtf8BytesNotChars() {
        String key = "é".repeat(125) + "x"; // 126 chars, 251 bytes in UTF-8
        assertEquals(126, key.length());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Keys.requireValid(key));
        assertTrue(e.getMessage().contains("251 bytes"), e.getMessage());
        assertTrue(Keys.isValid("é".repeat(125)));
        assertTrue(Keys.isValid("😀".repeat(62)), "62 four-byte code points are 248 bytes");
        assertFalse(Keys.isValid("😀".repeat(63)), "63 four-byte code points are 252 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "café", "日本", "\uD83D\uDE00x", "a\uD800b", "\uDC00", "\uDC00\uD800",
        "x\uD83D", "\uD83D\uD83D\uDE00"})
    void utf8LengthIsWhatTheWireCarries(String s) {
        // the codec writes what String.getBytes(UTF_8) writes: an unpaired surrogate becomes one '?'
        assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Keys.utf8Length(s), s);
    }

    @Test
    void anUnpairedSurrogateCountsAsTheOneByteSentForIt() {
        assertTrue(Keys.isValid("\uD800".repeat(250)), "250 unpaired surrogates are 250 '?' on the wire");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Keys.requireValid("\uD800".repeat(251)));
        assertTrue(e.getMessage().contains("251 bytes"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "a\u0000b", "a\tb", "a\u007fb", "\u0001"})
    void refusesControlCharacters(String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Keys.requireValid(key));
        assertTrue(e.getMessage().contains("control character"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "user:1", "ключ", "a%20b", "x/y?z=1"})
    void acceptsOrdinaryKeys(String key) {
        assertEquals(key, Keys.requireValid(key));
    }

    @Test
    void commandLinesAreOneLine() {
        assertEquals("stats items", Keys.requireValidCommandLine("stats items"));
        assertThrows(IllegalArgumentException.class, () -> Keys.requireValidCommandLine("stats\r\nflush_all"));
        assertThrows(IllegalArgumentException.class, () -> Keys.requireValidCommandLine(" "));
        assertThrows(IllegalArgumentException.class, () -> Keys.requireValidCommandLine("x".repeat(2049)));
    }

    @Test
    void valueTypesValidateTheirKeys() {
        assertThrows(IllegalArgumentException.class, () -> Item.of("a b", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> CasItem.of("a\nb", new byte[0], 0, 0));
        assertThrows(IllegalArgumentException.class, () -> MetaRequest.get("bad key").build());
    }
}
