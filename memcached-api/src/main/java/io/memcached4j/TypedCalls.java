package io.memcached4j;

import io.memcached4j.transcoder.EncodedValue;
import io.memcached4j.transcoder.Transcoder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What the typed methods of {@link MemcachedClient} and {@link AsyncMemcachedClient} share: encoding into items, decoding many. */
final class TypedCalls {
    private TypedCalls() {
    }

    /**
     * Encodes a value into an item; the key is checked first.
     *
     * @param key the key
     * @param value the value
     * @param expiration the expiration
     * @param transcoder the transcoder
     * @param <T> the type of the value
     * @return the item
     */
    static <T> Item encode(String key, T value, int expiration, Transcoder<T> transcoder) {
        Keys.requireValid(key);
        Objects.requireNonNull(value, "value");
        EncodedValue encoded = Objects.requireNonNull(transcoder, "transcoder").encode(value);
        return new Item(key, encoded.value(), encoded.flags(), expiration);
    }

    /**
     * Encodes a new value into a read item, keeping its key, expiration and token.
     *
     * @param read the item read
     * @param newValue the value
     * @param transcoder the transcoder
     * @param <T> the type of the value
     * @return the item to compare and swap
     */
    static <T> CasItem encode(CasItem read, T newValue, Transcoder<T> transcoder) {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(newValue, "newValue");
        EncodedValue encoded = Objects.requireNonNull(transcoder, "transcoder").encode(newValue);
        return new CasItem(read.key(), encoded.value(), encoded.flags(), read.expiration(), read.cas());
    }

    /**
     * Decodes the items of a multi-get, keeping their order.
     *
     * @param items the items by key
     * @param transcoder the transcoder
     * @param <T> the type of the values
     * @return the values by key
     */
    static <T> Map<String, T> decodeAll(Map<String, Item> items, Transcoder<T> transcoder) {
        Map<String, T> values = new LinkedHashMap<>();
        items.forEach((key, item) -> values.put(key, transcoder.decode(item.value(), item.flags())));
        return values;
    }
}
