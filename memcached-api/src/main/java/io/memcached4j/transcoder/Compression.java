package io.memcached4j.transcoder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * When and how {@link Transcoders#compressed} compresses: values longer than a threshold are
 * compressed, and kept compressed only when that makes them smaller. Immutable.
 *
 * <p>gzip (from the JDK) is marked with flag bit {@link #GZIP_FLAG}, as spymemcached and xmemcached
 * mark it, so either client reads the other's compressed values. Zstandard needs
 * {@code com.github.luben:zstd-jni} on the class path ({@link #isZstdAvailable()}) and is marked with
 * {@link #ZSTD_FLAG}, which other clients do not know (on the module path, add it with
 * {@code --add-modules com.github.luben.zstd_jni}, as no module requires it). Every built-in transcoder decompresses either
 * on reading, whatever compression it writes with, up to {@link #MAX_DECOMPRESSED_BYTES}.
 */
public final class Compression {
    /** The flag bit of a gzip-compressed value: spymemcached's {@code COMPRESSED}. */
    public static final int GZIP_FLAG = 2;
    /** The flag bit of a Zstandard-compressed value. */
    public static final int ZSTD_FLAG = 1 << 16;
    /** spymemcached's default threshold: values longer than 16 KiB are compressed. */
    public static final int DEFAULT_THRESHOLD = 16_384;
    /** The most bytes a value may decompress to; more is refused as a likely decompression bomb. */
    public static final int MAX_DECOMPRESSED_BYTES = 64 << 20;

    private static final Compression NONE = new Compression(Algorithm.NONE, Integer.MAX_VALUE, null);

    private enum Algorithm { NONE, GZIP, ZSTD }

    private final Algorithm algorithm;
    private final int threshold;
    private final ZstdCodec zstd;

    private Compression(Algorithm algorithm, int threshold, ZstdCodec zstd) {
        this.algorithm = algorithm;
        this.threshold = threshold;
        this.zstd = zstd;
    }

    /**
     * Never compresses.
     *
     * @return the policy
     */
    public static Compression none() {
        return NONE;
    }

    /**
     * gzip above spymemcached's default threshold, {@link #DEFAULT_THRESHOLD}.
     *
     * @return the policy
     */
    public static Compression gzip() {
        return gzip(DEFAULT_THRESHOLD);
    }

    /**
     * gzip for values longer than a threshold.
     *
     * @param thresholdBytes values of more bytes than this are compressed; 0 compresses every non-empty value
     * @return the policy
     * @throws IllegalArgumentException when the threshold is negative
     */
    public static Compression gzip(int thresholdBytes) {
        return new Compression(Algorithm.GZIP, requireThreshold(thresholdBytes), null);
    }

    /**
     * Zstandard for values longer than a threshold.
     *
     * @param thresholdBytes values of more bytes than this are compressed
     * @return the policy
     * @throws IllegalArgumentException when the threshold is negative
     * @throws IllegalStateException when zstd-jni is not on the class path
     */
    public static Compression zstd(int thresholdBytes) {
        return zstd(thresholdBytes, ZstdCodec.DEFAULT);
    }

    static Compression zstd(int thresholdBytes, Optional<ZstdCodec> codec) {
        requireThreshold(thresholdBytes);
        return new Compression(Algorithm.ZSTD, thresholdBytes, codec.orElseThrow(() -> new IllegalStateException(
                "Zstandard compression needs com.github.luben:zstd-jni on the class path; use gzip without it")));
    }

    /**
     * Tells whether zstd-jni is on the class path and loads, so that {@link #zstd(int)} works.
     *
     * @return true when Zstandard can be used
     */
    public static boolean isZstdAvailable() {
        return ZstdCodec.DEFAULT.isPresent();
    }

    private static int requireThreshold(int thresholdBytes) {
        if (thresholdBytes < 0) {
            throw new IllegalArgumentException("the compression threshold must be 0 or more, not " + thresholdBytes);
        }
        return thresholdBytes;
    }

    /**
     * Returns the threshold.
     *
     * @return values of more bytes than this are compressed ({@link Integer#MAX_VALUE} for {@link #none()})
     */
    public int threshold() {
        return threshold;
    }

    /** Compresses a value when it is over the threshold and compressing makes it smaller. */
    EncodedValue compress(EncodedValue plain) {
        byte[] bytes = plain.value();
        if (algorithm == Algorithm.NONE || bytes.length <= threshold) {
            return plain;
        }
        byte[] compressed = algorithm == Algorithm.GZIP ? gzip(bytes) : zstd.compress(bytes);
        if (compressed.length >= bytes.length) {
            return plain;
        }
        return new EncodedValue(compressed, plain.flags() | (algorithm == Algorithm.GZIP ? GZIP_FLAG : ZSTD_FLAG));
    }

    /**
     * Undoes the compression the flags mark, if any.
     *
     * @param value the stored bytes
     * @param flags the stored flags
     * @return the plain bytes, with flags that no longer mark a compression
     * @throws TranscoderException when the bytes cannot be decompressed
     */
    static EncodedValue decompress(byte[] value, int flags) {
        return switch (flags & (GZIP_FLAG | ZSTD_FLAG)) {
            case 0 -> new EncodedValue(value, flags);
            case GZIP_FLAG -> new EncodedValue(gunzip(value), flags & ~GZIP_FLAG);
            case ZSTD_FLAG -> new EncodedValue(ZstdCodec.DEFAULT.orElseThrow(() -> new TranscoderException(
                    "the value is Zstandard-compressed (flag 0x" + Integer.toHexString(ZSTD_FLAG)
                            + ") but com.github.luben:zstd-jni is not on the class path"))
                    .decompress(value, MAX_DECOMPRESSED_BYTES), flags & ~ZSTD_FLAG);
            default -> throw new TranscoderException("the flags 0x" + Integer.toHexString(flags)
                    + " mark both gzip and Zstandard compression");
        };
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 2 + 32);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] compressed) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            byte[] plain = in.readNBytes(MAX_DECOMPRESSED_BYTES);
            if (in.read() != -1) {
                throw new TranscoderException("the gzip value decompresses to more than "
                        + MAX_DECOMPRESSED_BYTES + " bytes, the limit");
            }
            return plain;
        } catch (IOException e) {
            throw new TranscoderException("the gzip value cannot be decompressed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return algorithm == Algorithm.NONE ? "Compression[none]"
                : "Compression[" + algorithm.name().toLowerCase(java.util.Locale.ROOT) + " above " + threshold + " bytes]";
    }
}
