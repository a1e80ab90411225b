package io.memcached4j.transcoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The built-in transcoders. They write and read spymemcached's {@code SerializingTranscoder}
 * format (flags and bytes), so values pass both ways between memcached4j and spymemcached (or
 * xmemcached); each of them decompresses gzip or Zstandard values on reading ({@link Compression}).
 *
 * <p>Java serialization is off unless the caller names the classes it may deserialize: a refused
 * class fails with {@link TranscoderException} before any instance of it exists.
 *
 * <pre>{@code
 * Transcoder<String> text = Transcoders.compressed(Transcoders.utf8(), Compression.gzip());
 * client.set("greeting", "hello", 60, text);
 * Optional<Cart> cart = client.get("cart:42", Transcoders.serialized(Cart.class, LineItem.class, ArrayList.class));
 * }</pre>
 */
public final class Transcoders {
    private Transcoders() {
    }

    /**
     * Byte arrays, written with spymemcached's byte-array flag ({@code 0x800}); reading returns the
     * stored bytes (decompressed) whatever type their flags name.
     *
     * @return the transcoder
     */
    public static Transcoder<byte[]> bytes() {
        return BytesTranscoder.INSTANCE;
    }

    /**
     * UTF-8 strings with flags 0. Reading refuses values whose flags name another type.
     *
     * @return the transcoder
     */
    public static Transcoder<String> utf8() {
        return StringTranscoder.INSTANCE;
    }

    /**
     * Longs in spymemcached's format (flag {@code 0x300}, big-endian without leading zero bytes).
     * Reading also accepts decimal text with flags 0, which is how memcached stores the counters of
     * {@code increment} and {@code decrement} (unsigned: read with {@link Long#toUnsignedString}).
     *
     * @return the transcoder
     */
    public static Transcoder<Long> longs() {
        return LongTranscoder.INSTANCE;
    }

    /**
     * Java-serialized objects of one type (flag {@code 0x1}). Reading deserializes only the classes
     * named here, boxed primitives, {@code String}, and arrays of these or of {@code Object}; a stream holding any other
     * class, or nested deeper than 64 objects, fails with {@link TranscoderException} before any
     * instance of that class is created.
     *
     * @param type the type of the values; it may be deserialized
     * @param alsoAllowed every other class in the values' object graphs: serializable superclasses,
     *     field types, collection classes ({@code java.util.ArrayList}, ...)
     * @param <T> the type
     * @return the transcoder
     */
    public static <T> Transcoder<T> serialized(Class<T> type, Class<?>... alsoAllowed) {
        Objects.requireNonNull(type, "type");
        return new SerializedTranscoder<>(type, JavaSerialization.allowing(allowList(type, alsoAllowed)));
    }

    /**
     * Any object, exactly as spymemcached's {@code SerializingTranscoder} writes and reads it:
     * {@code String} (flags 0), {@code Long} ({@code 0x300}), {@code Integer} ({@code 0x200}),
     * {@code Boolean} ({@code 0x100}), {@code Date} ({@code 0x400}), {@code Byte} ({@code 0x500}),
     * {@code Float} ({@code 0x600}), {@code Double} ({@code 0x700}), {@code byte[]} ({@code 0x800}),
     * anything else Java-serialized ({@code 0x1}), compressed as the policy says (spymemcached's
     * default is {@code Compression.gzip()}).
     *
     * @param compression how to compress on writing
     * @param deserializable the classes serialized values may hold (see {@link #serialized}); none
     *     leaves deserialization off, and reading a serialized value fails
     * @return the transcoder
     */
    public static Transcoder<Object> spymemcached(Compression compression, Class<?>... deserializable) {
        JavaSerialization serialization = deserializable.length == 0
                ? JavaSerialization.OFF : JavaSerialization.allowing(allowList(null, deserializable));
        return compressed(new SpymemcachedTranscoder(serialization), compression);
    }

    /**
     * Adds compression to a transcoder: values it encodes longer than the threshold are compressed
     * and marked in the flags; marked values are decompressed before it decodes them. The compression
     * bits ({@link Compression#GZIP_FLAG}, {@link Compression#ZSTD_FLAG}) mean compression only: a value
     * the transcoder encodes with one of them set is taken as compressed already and stored as it is.
     *
     * @param transcoder the transcoder
     * @param compression the policy
     * @param <T> the type of the values
     * @return the compressing transcoder ({@code transcoder} itself for {@link Compression#none()})
     */
    public static <T> Transcoder<T> compressed(Transcoder<T> transcoder, Compression compression) {
        Objects.requireNonNull(transcoder, "transcoder");
        Objects.requireNonNull(compression, "compression");
        return compression == Compression.none() ? transcoder : new CompressingTranscoder<>(transcoder, compression);
    }

    private static List<Class<?>> allowList(Class<?> first, Class<?>[] more) {
        List<Class<?>> classes = new ArrayList<>();
        if (first != null) {
            classes.add(first);
        }
        for (Class<?> c : Objects.requireNonNull(more, "allowed classes")) {
            classes.add(Objects.requireNonNull(c, "allowed class"));
        }
        return classes;
    }
}
