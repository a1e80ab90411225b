package io.memcached4j.cli.format;

import com.github.luben.zstd.ZstdInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/** A compression a value can be wrapped in, recognised by its magic bytes. */
public enum Compression {
    NONE, GZIP, ZLIB, ZSTD;

    /** The most bytes a value is inflated to for display; a bigger result is cut there. */
    static final int MAX_INFLATED = 64 << 20;

    /** @return the compression the bytes start with, {@link #NONE} when none is recognised */
    public static Compression detect(byte[] b) {
        if (b.length >= 10 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b && b[2] == 8) {
            return GZIP;
        }
        if (b.length >= 4 && (b[0] & 0xff) == 0x28 && (b[1] & 0xff) == 0xb5 && (b[2] & 0xff) == 0x2f
                && (b[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        if (b.length >= 6 && (b[0] & 0x0f) == 8 && (b[0] & 0xff) >> 4 <= 7
                && (((b[0] & 0xff) << 8) | (b[1] & 0xff)) % 31 == 0 && (b[1] & 0x20) == 0) {
            return ZLIB;
        }
        return NONE;
    }

    /**
     * Decompresses the bytes.
     *
     * @throws IOException when they are not a valid stream of this compression
     */
    public byte[] decompress(byte[] b) throws IOException {
        InputStream in = switch (this) {
            case NONE -> new ByteArrayInputStream(b);
            case GZIP -> new GZIPInputStream(new ByteArrayInputStream(b));
            case ZLIB -> new InflaterInputStream(new ByteArrayInputStream(b));
            case ZSTD -> new ZstdInputStream(new ByteArrayInputStream(b));
        };
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, b.length * 4));
            byte[] buf = new byte[8192];
            int n;
            while (out.size() < MAX_INFLATED && (n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}
