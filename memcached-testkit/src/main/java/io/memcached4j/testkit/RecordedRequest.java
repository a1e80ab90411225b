package io.memcached4j.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One request a {@link FakeMemcached} received, as it arrived: every request is recorded, in
 * order, before it is executed (and whatever a fault does to it), including requests the server
 * answers with an error. Keys and the command line are decoded as UTF-8, the encoding clients
 * send keys in; malformed bytes become U+FFFD.
 *
 * <pre>{@code
 * RecordedRequest request = fake.takeRequest();
 * assertEquals("set", request.command());
 * assertEquals("user:1", request.key());
 * assertEquals("hello", request.dataAsString());
 * }</pre>
 *
 * @param connectionId the server-wide id of the connection it came on, from 0 in the order connections
 *                     opened (TCP and in-memory ones alike)
 * @param sequenceNumber its index among the requests of that connection, from 0
 * @param command the first word of the command line ({@code "get"}, {@code "ms"}, ...), empty for an empty line
 * @param keys the keys it names, in order: several for a multi-get, none for {@code stats}, {@code version}
 *             or a request the server refused as malformed
 * @param commandLine the command line without its line end
 * @param flags the client flags of a classic storage command (unsigned 32-bit: see
 *              {@link Integer#toUnsignedLong(int)}), 0 for other commands
 * @param metaFlags the flag tokens of a meta command ({@code mg}, {@code ms}, {@code md}, {@code ma}) in request
 *                  order, empty for other commands
 * @param dataLength the length of the data block of a storage command as announced on the command line
 *                   (without its CRLF), 0 for commands without one
 * @param data the data block, empty when there is none or the server refused it (too large, bad chunk)
 */
public record RecordedRequest(long connectionId, int sequenceNumber, String command, List<String> keys,
                              String commandLine, int flags, List<String> metaFlags, int dataLength, byte[] data) {
    /**
     * Validates and copies the components.
     *
     * @param connectionId see the record description
     * @param sequenceNumber see the record description
     * @param command see the record description
     * @param keys see the record description
     * @param commandLine see the record description
     * @param flags see the record description
     * @param metaFlags see the record description
     * @param dataLength see the record description
     * @param data see the record description
     */
    public RecordedRequest {
        Objects.requireNonNull(command, "command");
        keys = List.copyOf(keys);
        Objects.requireNonNull(commandLine, "commandLine");
        metaFlags = List.copyOf(metaFlags);
        data = data.clone();
    }

    /**
     * The only or first key.
     *
     * @return the first of {@link #keys()}
     * @throws IllegalStateException when the request names no key
     */
    public String key() {
        if (keys.isEmpty()) {
            throw new IllegalStateException("the request names no key: " + commandLine);
        }
        return keys.get(0);
    }

    /** @return a copy of the data block */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** @return the data block decoded as UTF-8 */
    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordedRequest r && connectionId == r.connectionId && sequenceNumber == r.sequenceNumber
                && command.equals(r.command) && keys.equals(r.keys) && commandLine.equals(r.commandLine)
                && flags == r.flags && metaFlags.equals(r.metaFlags) && dataLength == r.dataLength
                && Arrays.equals(data, r.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectionId, sequenceNumber, commandLine, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "RecordedRequest[connection " + connectionId + " #" + sequenceNumber + ": " + commandLine
                + (dataLength > 0 ? " + " + dataLength + " bytes" : "") + "]";
    }
}
