package io.memcached4j.cli.commands;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;

/** JSON lines: one object per line, UTF-8, on a stream that closing the generator leaves open. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /**
     * @param out where the lines go; flushed, never closed, by the generator
     * @return a generator for objects ended with {@link #endLine}
     */
    static JsonGenerator lines(OutputStream out) throws IOException {
        JsonGenerator generator = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        generator.setPrettyPrinter(new MinimalPrettyPrinter(""));
        return generator;
    }

    /** Ends the current object and its line. */
    static void endLine(JsonGenerator json) throws IOException {
        json.writeEndObject();
        json.writeRaw('\n');
    }
}
