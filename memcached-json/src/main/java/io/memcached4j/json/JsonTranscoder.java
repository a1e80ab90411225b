package io.memcached4j.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.memcached4j.transcoder.EncodedValue;
import io.memcached4j.transcoder.Transcoder;
import io.memcached4j.transcoder.TranscoderException;
import io.memcached4j.transcoder.Transcoders;

import java.io.IOException;
import java.util.Objects;

/**
 * Values of one type stored as JSON text, written and read with a Jackson {@link ObjectMapper}.
 * The JSON is stored as {@link Transcoders#utf8()} stores a string (UTF-8, flags 0), so any
 * client reads it as text; reading refuses values whose flags name another type and decompresses
 * compressed ones. Add compression with {@link Transcoders#compressed}. Thread-safe.
 *
 * <pre>{@code
 * Transcoder<Profile> profiles = JsonTranscoder.of(Profile.class);
 * client.set("profile:7", profile, 3600, profiles);
 * Optional<Profile> read = client.get("profile:7", profiles);
 * }</pre>
 *
 * @param <T> the type of the values
 */
public final class JsonTranscoder<T> implements Transcoder<T> {
    private static final ObjectMapper DEFAULT_MAPPER = new ObjectMapper();

    private final JavaType type;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    private JsonTranscoder(ObjectMapper mapper, JavaType type) {
        this.type = type;
        this.reader = mapper.readerFor(type);
        this.writer = mapper.writerFor(type);
    }

    /**
     * JSON for a class, with a plain {@code ObjectMapper}.
     *
     * @param type the class of the values
     * @param <T> the type
     * @return the transcoder
     */
    public static <T> JsonTranscoder<T> of(Class<T> type) {
        return of(DEFAULT_MAPPER, type);
    }

    /**
     * JSON for a class, with the caller's {@code ObjectMapper} and its configuration and modules.
     *
     * @param mapper the mapper; not changed
     * @param type the class of the values
     * @param <T> the type
     * @return the transcoder
     */
    public static <T> JsonTranscoder<T> of(ObjectMapper mapper, Class<T> type) {
        Objects.requireNonNull(type, "type");
        return new JsonTranscoder<>(Objects.requireNonNull(mapper, "mapper"), mapper.constructType(type));
    }

    /**
     * JSON for a generic type such as {@code List<Order>}: {@code JsonTranscoder.of(mapper, new TypeReference<List<Order>>() {})}.
     *
     * @param mapper the mapper; not changed
     * @param type the type of the values
     * @param <T> the type
     * @return the transcoder
     */
    public static <T> JsonTranscoder<T> of(ObjectMapper mapper, TypeReference<T> type) {
        Objects.requireNonNull(type, "type");
        return new JsonTranscoder<>(Objects.requireNonNull(mapper, "mapper"), mapper.constructType(type));
    }

    /**
     * Writes a value as JSON.
     *
     * @param value the value
     * @return the UTF-8 JSON text with flags 0
     * @throws IllegalArgumentException when Jackson cannot write the value
     */
    @Override
    public EncodedValue encode(T value) {
        Objects.requireNonNull(value, "value");
        try {
            return Transcoders.utf8().encode(writer.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a value from JSON.
     *
     * @param value the stored bytes
     * @param flags the stored flags
     * @return the value
     * @throws TranscoderException when the value is not a string or not JSON for the type
     */
    @Override
    public T decode(byte[] value, int flags) {
        String json = Transcoders.utf8().decode(value, flags);
        try {
            return reader.readValue(json);
        } catch (IOException e) {
            throw new TranscoderException("the value is not JSON for " + type.toCanonical() + ": "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }

    @Override
    public String toString() {
        return "JsonTranscoder[" + type.toCanonical() + "]";
    }
}
