package io.memcached4j.transcoder;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * Zstandard through zstd-jni, found by reflection so that the API has no dependency: present only
 * when {@code com.github.luben:zstd-jni} is on the class or module path and its native library loads.
 */
final class ZstdCodec {
    private static final String ZSTD_CLASS = "com.github.luben.zstd.Zstd";
    private static final int LEVEL = 3;

    /** The codec of this class's loader (or the context loader), looked up once. */
    static final Optional<ZstdCodec> DEFAULT = lookUp();

    private final MethodHandle compress;
    private final MethodHandle contentSize;
    private final MethodHandle decompress;

    private ZstdCodec(Class<?> zstd) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        compress = lookup.findStatic(zstd, "compress", MethodType.methodType(byte[].class, byte[].class, int.class));
        contentSize = lookup.findStatic(zstd, "getFrameContentSize", MethodType.methodType(long.class, byte[].class));
        decompress = lookup.findStatic(zstd, "decompress", MethodType.methodType(byte[].class, byte[].class, int.class));
    }

    private static Optional<ZstdCodec> lookUp() {
        Optional<ZstdCodec> codec = load(ZstdCodec.class.getClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return codec.isPresent() || context == null ? codec : load(context);
    }

    /**
     * Loads zstd-jni from a class loader.
     *
     * @param loader where to look
     * @return the codec, or empty when zstd-jni is absent or its native library does not load
     */
    static Optional<ZstdCodec> load(ClassLoader loader) {
        try {
            return Optional.of(new ZstdCodec(Class.forName(ZSTD_CLASS, true, loader)));
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty();
        }
    }

    byte[] compress(byte[] plain) {
        try {
            return (byte[]) compress.invokeExact(plain, LEVEL);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("zstd compression failed", e);
        }
    }

    byte[] decompress(byte[] compressed, int maxSize) {
        try {
            long size = (long) contentSize.invokeExact(compressed);
            if (size < 0 || size > maxSize) {
                throw new TranscoderException(size < 0
                        ? "the zstd frame is damaged or does not state its size"
                        : "the zstd value would decompress to " + size + " bytes, over the limit of " + maxSize);
            }
            return (byte[]) decompress.invokeExact(compressed, (int) size);
        } catch (TranscoderException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new TranscoderException("the zstd value cannot be decompressed: " + e.getMessage(), e);
        }
    }
}
