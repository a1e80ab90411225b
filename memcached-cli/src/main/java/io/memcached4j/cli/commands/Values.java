package io.memcached4j.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import io.memcached4j.cli.format.ValueDecoder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * How a value appears in JSON: as text ({@code "value"}) when it is valid UTF-8, which round-trips
 * byte for byte, else as base64 ({@code "value_base64"}).
 */
final class Values {
    static final String TEXT_FIELD = "value";
    static final String BASE64_FIELD = "value_base64";

    private Values() {
    }

    /** Writes the value field: text when UTF-8 clean, else base64. */
    static void write(JsonGenerator json, byte[] value) throws IOException {
        Optional<String> text = ValueDecoder.utf8(value);
        if (text.isPresent()) {
            json.writeStringField(TEXT_FIELD, text.get());
        } else {
            json.writeStringField(BASE64_FIELD, Base64.getEncoder().encodeToString(value));
        }
    }

    /**
     * Reads the value field of a JSON object.
     *
     * @return the bytes
     * @throws IllegalArgumentException when there is neither field, both, or bad base64
     */
    static byte[] read(JsonNode record) {
        JsonNode text = record.get(TEXT_FIELD);
        JsonNode base64 = record.get(BASE64_FIELD);
        if ((text == null) == (base64 == null)) {
            throw new IllegalArgumentException("needs exactly one of \"" + TEXT_FIELD + "\" and \"" + BASE64_FIELD + "\"");
        }
        if (text != null) {
            if (!text.isTextual()) {
                throw new IllegalArgumentException("\"" + TEXT_FIELD + "\" must be a string");
            }
            return text.asText().getBytes(StandardCharsets.UTF_8);
        }
        if (!base64.isTextual()) {
            throw new IllegalArgumentException("\"" + BASE64_FIELD + "\" must be a string");
        }
        try {
            return Base64.getDecoder().decode(base64.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + BASE64_FIELD + "\" is not valid base64: " + e.getMessage(), e);
        }
    }
}
