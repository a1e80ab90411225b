package io.memcached4j.cli.commands;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.memcached4j.Item;
import io.memcached4j.Keys;

import java.io.IOException;

/**
 * One line of a dump: {@code {"key":…,"flags":…,"exptime":…,"value":…}} (or {@code "value_base64"}).
 * {@code exptime} is memcached's own absolute form, a Unix time in seconds (0 never), so a dump
 * loaded elsewhere expires at the same second; {@code load} also takes {@code "ttl"}, seconds from now.
 *
 * @param key the key
 * @param flags the client flags, unsigned
 * @param exptime the expiration as a Unix time in seconds, 0 for never
 * @param value the value
 */
record DumpRecord(String key, int flags, long exptime, byte[] value) {
    /** memcached reads expirations up to 30 days as seconds from now, larger ones as Unix times. */
    static final long RELATIVE_LIMIT = 60L * 60 * 24 * 30;

    void write(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("key", key);
        json.writeNumberField("flags", Integer.toUnsignedLong(flags));
        json.writeNumberField("exptime", exptime);
        Values.write(json, value);
        Json.endLine(json);
    }

    /**
     * Reads one line of a dump.
     *
     * @param line the JSON object
     * @param nowSeconds the current Unix time, for {@code "ttl"}
     * @return the record
     * @throws IllegalArgumentException when the line is not a valid record
     */
    static DumpRecord parse(String line, long nowSeconds) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode key = node.get("key");
        if (key == null || !key.isTextual()) {
            throw new IllegalArgumentException("\"key\" must be a string");
        }
        Keys.requireValid(key.asText());
        long flags = number(node, "flags", 0, 0xFFFF_FFFFL);
        JsonNode exptimeNode = node.get("exptime");
        JsonNode ttlNode = node.get("ttl");
        if (exptimeNode != null && ttlNode != null) {
            throw new IllegalArgumentException("give \"exptime\" or \"ttl\", not both");
        }
        long exptime;
        if (ttlNode != null) {
            long ttl = number(node, "ttl", -1, Integer.MAX_VALUE);
            exptime = ttl <= 0 ? 0 : nowSeconds + ttl;
        } else {
            exptime = number(node, "exptime", 0, Integer.MAX_VALUE);
            if (exptime > 0 && exptime <= RELATIVE_LIMIT) {
                throw new IllegalArgumentException("\"exptime\" is a Unix time (above " + RELATIVE_LIMIT
                        + ") or 0, was " + exptime + "; give \"ttl\" for seconds from now");
            }
        }
        return new DumpRecord(key.asText(), (int) flags, exptime, Values.read(node));
    }

    private static long number(JsonNode record, String field, long min, long max) {
        JsonNode node = record.get(field);
        if (node == null) {
            return 0;
        }
        if (!node.canConvertToExactIntegral() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw new IllegalArgumentException("\"" + field + "\" must be a whole number from " + min + " to " + max
                    + ", was " + node);
        }
        return node.asLong();
    }

    /** @return whether the record expired already at this time */
    boolean expiredAt(long nowSeconds) {
        return exptime != 0 && exptime <= nowSeconds;
    }

    /** @return the item to store, its expiration memcached's absolute Unix time (or 0) */
    Item item() {
        return new Item(key, value, flags, (int) exptime);
    }
}
