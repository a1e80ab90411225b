package io.memcached4j.transcoder;

import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built-in transcoders write spymemcached's flags and bytes and read them back. */
class TranscodersTest {
    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void stringsAreUtf8WithFlagsZero() {
        EncodedValue encoded = Transcoders.utf8().encode("grüße, 世界");
        assertEquals(new EncodedValue("grüße, 世界".getBytes(UTF_8), 0), encoded);
        assertEquals("grüße, 世界", Transcoders.utf8().decode(encoded.value(), encoded.flags()));
    }

    @Test
    void aStringTranscoderRefusesAValueOfAnotherType() {
        TranscoderException e = assertThrows(TranscoderException.class,
                () -> Transcoders.utf8().decode(new byte[] {1}, 0x300));
        assertEquals("the value holds a long (flags 0x300 in spymemcached's format), not a string", e.getMessage());
        assertThrows(TranscoderException.class, () -> Transcoders.utf8().decode(new byte[0], 1));
    }

    @Test
    void longsAreBigEndianWithoutLeadingZeroBytes() {
        Transcoder<Long> longs = Transcoders.longs();
        assertEquals(new EncodedValue(new byte[0], 0x300), longs.encode(0L));
        assertEquals(new EncodedValue(hex("01"), 0x300), longs.encode(1L));
        assertEquals(new EncodedValue(hex("0100"), 0x300), longs.encode(256L));
        assertEquals(new EncodedValue(hex("ffffffffffffffff"), 0x300), longs.encode(-1L));
        assertEquals(new EncodedValue(hex("7fffffffffffffff"), 0x300), longs.encode(Long.MAX_VALUE));
        for (long n : new long[] {0, 1, 255, 256, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1_234_567_890_123L}) {
            EncodedValue encoded = longs.encode(n);
            assertEquals(n, longs.decode(encoded.value(), encoded.flags()));
        }
    }

    @Test
    void longsReadTheDecimalTextOfCounters() {
        Transcoder<Long> longs = Transcoders.longs();
        assertEquals(42L, longs.decode("42".getBytes(UTF_8), 0));
        assertEquals(7L, longs.decode("7   ".getBytes(UTF_8), 0), "memcached pads a counter that shrank in place");
        assertEquals(-1L, longs.decode("18446744073709551615".getBytes(UTF_8), 0), "counters are unsigned");
        assertEquals(-5L, longs.decode("-5".getBytes(UTF_8), 0));
        TranscoderException e = assertThrows(TranscoderException.class, () -> longs.decode("twelve".getBytes(UTF_8), 0));
        assertEquals("the value is a string that is not a decimal number: twelve", e.getMessage());
        assertThrows(TranscoderException.class, () -> longs.decode(new byte[9], 0x300));
        assertThrows(TranscoderException.class, () -> longs.decode(new byte[] {'1'}, 0x100));
    }

    @Test
    void byteArraysCarrySpymemcachedsByteArrayFlagAndReadAnyFlags() {
        byte[] bytes = {0, 1, 2, (byte) 0xff};
        EncodedValue encoded = Transcoders.bytes().encode(bytes);
        assertEquals(0x800, encoded.flags());
        assertSame(bytes, encoded.value());
        assertArrayEquals(bytes, Transcoders.bytes().decode(bytes, 0));
        assertArrayEquals(bytes, Transcoders.bytes().decode(bytes, 0x300));
    }

    @Test
    void theSpymemcachedTranscoderWritesEachTypeAsSpymemcachedDoes() {
        Transcoder<Object> spy = Transcoders.spymemcached(Compression.none());
        assertEncodes(spy, "hi", "6869", 0);
        assertEncodes(spy, 5L, "05", 0x300);
        assertEncodes(spy, 258, "0102", 0x200);
        assertEncodes(spy, -1, "ffffffff", 0x200);
        assertEncodes(spy, true, "31", 0x100);
        assertEncodes(spy, false, "30", 0x100);
        assertEncodes(spy, new Date(1_000L), "03e8", 0x400);
        assertEncodes(spy, (byte) -2, "fe", 0x500);
        assertEncodes(spy, 1.0f, "3f800000", 0x600);
        assertEncodes(spy, 2.0d, "4000000000000000", 0x700);
        assertEncodes(spy, new byte[] {9, 8}, "0908", 0x800);
        assertEquals(1, spy.encode(List.of(1)).flags(), "anything else is serialized");
    }

    private static void assertEncodes(Transcoder<Object> spy, Object value, String hex, int flags) {
        EncodedValue encoded = spy.encode(value);
        assertEquals(new EncodedValue(hex(hex), flags), encoded, () -> "encoding " + value);
        Object decoded = spy.decode(encoded.value(), encoded.flags());
        assertEquals(value.getClass(), decoded.getClass());
        if (value instanceof byte[] b) {
            assertArrayEquals(b, (byte[]) decoded);
        } else {
            assertEquals(value, decoded);
        }
    }

    @Test
    void theSpymemcachedTranscoderRefusesTypesSpymemcachedNeverWrites() {
        Transcoder<Object> spy = Transcoders.spymemcached(Compression.none());
        TranscoderException e = assertThrows(TranscoderException.class, () -> spy.decode(new byte[1], 0x900));
        assertTrue(e.getMessage().contains("an unknown type (flags 0x900"), e.getMessage());
    }

    @Test
    void valuesOverTheThresholdAreGzippedAndMarkedWithFlag2() {
        Transcoder<String> text = Transcoders.compressed(Transcoders.utf8(), Compression.gzip(100));
        String small = "a".repeat(100);
        assertEquals(new EncodedValue(small.getBytes(UTF_8), 0), text.encode(small), "not over the threshold");
        String large = "a".repeat(101);
        EncodedValue encoded = text.encode(large);
        assertEquals(Compression.GZIP_FLAG, encoded.flags());
        assertEquals("1f8b", HexFormat.of().formatHex(encoded.value(), 0, 2), "the gzip magic number");
        assertTrue(encoded.value().length < 101);
        assertEquals(large, text.decode(encoded.value(), encoded.flags()));
        assertEquals(large, Transcoders.utf8().decode(encoded.value(), encoded.flags()), "every built-in decompresses");
    }

    @Test
    void aValueCompressionWouldEnlargeIsStoredPlain() {
        byte[] random = new byte[1000];
        new Random(1).nextBytes(random);
        EncodedValue encoded = Transcoders.compressed(Transcoders.bytes(), Compression.gzip(0)).encode(random);
        assertEquals(new EncodedValue(random, 0x800), encoded);
    }

    @Test
    void aValueCompressedAlreadyIsNotCompressedTwice() {
        Transcoder<String> twice = Transcoders.compressed(Transcoders.compressed(Transcoders.utf8(), Compression.gzip(10)),
                Compression.zstd(10));
        String large = "twice ".repeat(100);
        EncodedValue encoded = twice.encode(large);
        assertEquals(Compression.GZIP_FLAG, encoded.flags());
        assertEquals(large, twice.decode(encoded.value(), encoded.flags()));
    }

    @Test
    void spymemcachedsDefaultThresholdIs16KiB() {
        Transcoder<Object> spy = Transcoders.spymemcached(Compression.gzip());
        assertEquals(0, spy.encode("x".repeat(16_384)).flags());
        assertEquals(Compression.GZIP_FLAG, spy.encode("x".repeat(16_385)).flags());
    }

    @Test
    void zstdIsMarkedWithItsOwnFlag() {
        assertTrue(Compression.isZstdAvailable(), "zstd-jni is a test dependency");
        Transcoder<String> text = Transcoders.compressed(Transcoders.utf8(), Compression.zstd(10));
        String large = "memcached ".repeat(100);
        EncodedValue encoded = text.encode(large);
        assertEquals(Compression.ZSTD_FLAG, encoded.flags());
        assertEquals("28b52ffd", HexFormat.of().formatHex(encoded.value(), 0, 4), "the zstd magic number");
        assertEquals(large, text.decode(encoded.value(), encoded.flags()));
        assertEquals(large, Transcoders.utf8().decode(encoded.value(), encoded.flags()));
    }

    @Test
    void zstdWithoutZstdJniFailsClearly() {
        assertTrue(ZstdCodec.load(new ClassLoader(null) { }).isEmpty());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Compression.zstd(10, ZstdCodec.load(new ClassLoader(null) { })));
        assertTrue(e.getMessage().contains("com.github.luben:zstd-jni"), e.getMessage());
    }

    @Test
    void aDecompressionBombIsRefused() {
        byte[] bomb = Transcoders.compressed(Transcoders.bytes(), Compression.gzip(0))
                .encode(new byte[Compression.MAX_DECOMPRESSED_BYTES + 1]).value();
        TranscoderException e = assertThrows(TranscoderException.class, () -> Transcoders.bytes().decode(bomb, 0x802));
        assertTrue(e.getMessage().contains("more than " + Compression.MAX_DECOMPRESSED_BYTES), e.getMessage());

        byte[] zstdBomb = Transcoders.compressed(Transcoders.bytes(), Compression.zstd(0))
                .encode(new byte[Compression.MAX_DECOMPRESSED_BYTES + 1]).value();
        TranscoderException z = assertThrows(TranscoderException.class,
                () -> Transcoders.bytes().decode(zstdBomb, 0x800 | Compression.ZSTD_FLAG));
        assertTrue(z.getMessage().contains("over the limit of " + Compression.MAX_DECOMPRESSED_BYTES), z.getMessage());
    }

    @Test
    void damagedCompressedBytesFailWithATranscoderException() {
        assertInstanceOf(TranscoderException.class,
                assertThrows(TranscoderException.class, () -> Transcoders.utf8().decode(new byte[] {1, 2, 3}, 2)));
        assertThrows(TranscoderException.class, () -> Transcoders.utf8().decode(new byte[] {1, 2, 3}, Compression.ZSTD_FLAG));
        assertThrows(TranscoderException.class, () -> Transcoders.utf8().decode(new byte[0], 2 | Compression.ZSTD_FLAG));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Compression.gzip(-1));
        assertThrows(NullPointerException.class, () -> Transcoders.utf8().encode(null));
        assertThrows(NullPointerException.class, () -> Transcoders.compressed(null, Compression.gzip()));
        assertSame(Transcoders.utf8(), Transcoders.compressed(Transcoders.utf8(), Compression.none()));
    }
}
