package io.memcached4j.cli.format;

import com.github.luben.zstd.Zstd;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueDecoderTest {
    private static final byte[] JSON = "{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{}}".getBytes(StandardCharsets.UTF_8);

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    static byte[] zlib(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void textIsReadOnlyFromWellFormedUtf8() {
        assertEquals(java.util.Optional.of("Olá, 世界"), ValueDecoder.utf8("Olá, 世界".getBytes(StandardCharsets.UTF_8)));
        for (byte[] bad : List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xc0, (byte) 0xaf},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})) {
            assertTrue(ValueDecoder.utf8(bad).isEmpty(), "a stray, truncated, overlong or surrogate sequence");
            assertEquals(ContentKind.BINARY, ValueDecoder.kindOf(bad));
        }
    }

    @Test
    void detectsJsonTextBinaryAndEmpty() {
        assertEquals(ContentKind.JSON, ValueDecoder.decode(JSON).kind());
        assertEquals(ContentKind.JSON, ValueDecoder.decode(" [1, 2] \n".getBytes(StandardCharsets.UTF_8)).kind());
        assertEquals(ContentKind.TEXT, ValueDecoder.decode("{not json}".getBytes(StandardCharsets.UTF_8)).kind());
        assertEquals(ContentKind.TEXT, ValueDecoder.decode("42".getBytes(StandardCharsets.UTF_8)).kind(), "a counter is text");
        assertEquals(ContentKind.TEXT, ValueDecoder.decode("héllo\twörld\n".getBytes(StandardCharsets.UTF_8)).kind());
        assertEquals(ContentKind.BINARY, ValueDecoder.decode(new byte[] {0, 1, 2, (byte) 0xff}).kind());
        assertEquals(ContentKind.BINARY, ValueDecoder.decode(new byte[] {(byte) 0xc3, 0x28}).kind(), "invalid UTF-8");
        assertEquals(ContentKind.EMPTY, ValueDecoder.decode(new byte[0]).kind());
    }

    @Test
    void undoesGzipZlibAndZstd() throws IOException {
        for (var c : List.of(Compression.GZIP, Compression.ZLIB, Compression.ZSTD)) {
            byte[] packed = switch (c) {
                case GZIP -> gzip(JSON);
                case ZLIB -> zlib(JSON);
                default -> Zstd.compress(JSON);
            };
            DecodedValue v = ValueDecoder.decode(packed);
            assertEquals(c, v.compression(), c.name());
            assertArrayEquals(JSON, v.content(), c.name());
            assertEquals(ContentKind.JSON, v.kind(), c.name());
            assertTrue(v.describe().startsWith("json, " + c.name().toLowerCase(java.util.Locale.ROOT)), v.describe());
        }
    }

    @Test
    void aValueThatOnlyLooksCompressedIsShownAsStored() {
        byte[] fake = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
        DecodedValue v = ValueDecoder.decode(fake);
        assertEquals(Compression.NONE, v.compression());
        assertArrayEquals(fake, v.content());
        assertTrue(v.note().contains("does not inflate"), v.note());
        assertEquals(Compression.NONE, Compression.detect("xyz plain".getBytes(StandardCharsets.UTF_8)),
                "text starting with x is not zlib");
    }

    @Test
    void jsonIsPrettyPrintedAndStyled() {
        List<StyledLine> lines = ValueRenderer.render(ValueDecoder.decode(JSON), ViewMode.AUTO);
        assertEquals(List.of("{", "  \"a\": 1,", "  \"b\": [", "    true,", "    null,", "    \"x\"", "  ],", "  \"c\": {}", "}"),
                lines.stream().map(StyledLine::text).toList());
        StyledLine a = lines.get(1);
        assertTrue(a.spans().contains(new Span("\"a\"", Style.KEY)), a.toString());
        assertTrue(a.spans().contains(new Span("1", Style.NUMBER)), a.toString());
        assertTrue(lines.get(5).spans().contains(new Span("\"x\"", Style.STRING)));
        assertTrue(lines.get(3).spans().contains(new Span("true", Style.LITERAL)));
    }

    @Test
    void modesSwitchTheRendering() {
        DecodedValue v = ValueDecoder.decode("hi\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("hi"), ValueRenderer.render(v, ViewMode.AUTO).stream().map(StyledLine::text).toList());
        String hex = ValueRenderer.render(v, ViewMode.HEX).get(0).text();
        assertEquals("00000000  68 69 0a " + " ".repeat(3 * 13 + 1) + "|hi.|", hex, "the ASCII column lines up");
        assertEquals("(not valid JSON; shown as text)", ValueRenderer.render(v, ViewMode.JSON).get(0).text());
        DecodedValue bin = ValueDecoder.decode(new byte[] {0, 'A', (byte) 0x80});
        assertEquals(ViewMode.HEX, ValueRenderer.effectiveMode(bin, ViewMode.AUTO));
        assertEquals(ViewMode.RAW, ViewMode.HEX.next());
        assertEquals(ViewMode.AUTO, ViewMode.RAW.next());
    }

    @Test
    void rawShowsTheStoredBytesOfACompressedValue() throws IOException {
        byte[] packed = gzip("hello".getBytes(StandardCharsets.UTF_8));
        DecodedValue v = ValueDecoder.decode(packed);
        assertEquals("hello", ValueRenderer.render(v, ViewMode.TEXT).get(0).text());
        assertTrue(ValueRenderer.render(v, ViewMode.RAW).get(0).text().startsWith("00000000  1f 8b 08"));
    }

    @Test
    void textShowsControlCharactersAndExpandsTabs() {
        assertEquals("a   b\u00b7c", ValueRenderer.printable("a\tb\u0001c"));
        assertEquals("1.5 KB", Sizes.format(1536));
        assertEquals("999 B", Sizes.format(999));
    }
}
