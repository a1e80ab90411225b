package io.memcached4j.protocol.text.server;

/**
 * What a command parser asks of the connection's framing when a data block follows the line:
 * read it and build the request from it, or skip it and answer something else. Both return
 * {@code null}: the request comes once the block has arrived.
 */
interface DataBlocks {
    /** Builds the request once its data block is complete and valid. */
    interface Builder {
        ServerRequest complete(byte[] value);
    }

    /**
     * Reads a data block of {@code total} bytes (value and CRLF).
     *
     * @param silentBadChunk whether a block without its CRLF is refused silently ({@code noreply})
     * @return null
     */
    ServerRequest read(String command, int total, boolean silentBadChunk, Builder builder);

    /**
     * Skips {@code bytes} bytes, then answers {@code then}.
     *
     * @return null
     */
    ServerRequest skip(long bytes, ServerRequest then);
}
