package io.memcached4j;

import java.util.Objects;
import java.util.Optional;

/**
 * What one server can do, as {@link CapabilityDetector#detect()} found by asking it.
 *
 * @param server the server
 * @param rawVersion the version string exactly as the server reported it
 * @param version the parsed version, empty when the string is not a version
 * @param crawlerEnabled whether {@code stats settings} reports {@code lru_crawler yes}
 * @param metadump whether {@code lru_crawler metadump} works: version 1.4.31 or later and the crawler enabled
 * @param metaCommands whether the server answered the meta no-op {@code mn} (probed, not inferred)
 * @param mgdump whether {@code lru_crawler mgdump} exists
 * @param itemSizeMax the largest item the server stores, in bytes ({@code item_size_max}), 0 when unknown
 */
public record Capabilities(ServerAddress server, String rawVersion, Optional<ServerVersion> version,
                           boolean crawlerEnabled, boolean metadump, boolean metaCommands, boolean mgdump,
                           long itemSizeMax) {
    /**
     * Validates the components.
     *
     * @param server the server
     * @param rawVersion the raw version
     * @param version the version
     * @param crawlerEnabled whether the crawler is on
     * @param metadump whether metadump works
     * @param metaCommands whether meta commands work
     * @param mgdump whether mgdump exists
     * @param itemSizeMax the item size limit
     */
    public Capabilities {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(rawVersion, "rawVersion");
        Objects.requireNonNull(version, "version");
    }
}
