package io.memcached4j;

import java.util.Objects;
import java.util.Optional;

/**
 * What one server can do, as {@link CapabilityDetector#detect()} found by asking it. An immutable
 * value made by {@link #of}; it may gain properties, so it has no public constructor.
 */
public final class Capabilities {
    private final ServerAddress server;
    private final String rawVersion;
    private final ServerVersion version;
    private final boolean crawlerEnabled;
    private final boolean metadump;
    private final boolean metaCommands;
    private final boolean mgdump;
    private final long itemSizeMax;

    private Capabilities(ServerAddress server, String rawVersion, boolean crawlerEnabled, boolean metadump,
                         boolean metaCommands, boolean mgdump, long itemSizeMax) {
        this.server = Objects.requireNonNull(server, "server");
        this.rawVersion = Objects.requireNonNull(rawVersion, "rawVersion");
        this.version = ServerVersion.tryParse(rawVersion).orElse(null);
        this.crawlerEnabled = crawlerEnabled;
        this.metadump = metadump;
        this.metaCommands = metaCommands;
        this.mgdump = mgdump;
        this.itemSizeMax = itemSizeMax;
    }

    /**
     * Returns the capabilities of a server; the {@link #version()} is parsed from the raw version.
     *
     * @param server the server
     * @param rawVersion the version string exactly as the server reported it, empty when it did not
     * @param crawlerEnabled whether {@code stats settings} reports {@code lru_crawler yes}
     * @param metadump whether {@code lru_crawler metadump} works
     * @param metaCommands whether the server answered the meta no-op {@code mn}
     * @param mgdump whether {@code lru_crawler mgdump} exists
     * @param itemSizeMax the largest item the server stores, in bytes, 0 when unknown
     * @return the capabilities
     */
    public static Capabilities of(ServerAddress server, String rawVersion, boolean crawlerEnabled, boolean metadump,
                                  boolean metaCommands, boolean mgdump, long itemSizeMax) {
        return new Capabilities(server, rawVersion, crawlerEnabled, metadump, metaCommands, mgdump, itemSizeMax);
    }

    /** @return the server */
    public ServerAddress server() {
        return server;
    }

    /** @return the version string exactly as the server reported it */
    public String rawVersion() {
        return rawVersion;
    }

    /** @return the parsed version, empty when the raw string is not a version */
    public Optional<ServerVersion> version() {
        return Optional.ofNullable(version);
    }

    /** @return whether {@code stats settings} reports {@code lru_crawler yes} */
    public boolean crawlerEnabled() {
        return crawlerEnabled;
    }

    /** @return whether {@code lru_crawler metadump} works: version 1.4.31 or later and the crawler enabled */
    public boolean metadump() {
        return metadump;
    }

    /** @return whether the server answered the meta no-op {@code mn} (probed, not inferred) */
    public boolean metaCommands() {
        return metaCommands;
    }

    /** @return whether {@code lru_crawler mgdump} exists */
    public boolean mgdump() {
        return mgdump;
    }

    /** @return the largest item the server stores, in bytes ({@code item_size_max}), 0 when unknown */
    public long itemSizeMax() {
        return itemSizeMax;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Capabilities c && server.equals(c.server) && rawVersion.equals(c.rawVersion)
                && crawlerEnabled == c.crawlerEnabled && metadump == c.metadump && metaCommands == c.metaCommands
                && mgdump == c.mgdump && itemSizeMax == c.itemSizeMax;
    }

    @Override
    public int hashCode() {
        return Objects.hash(server, rawVersion, crawlerEnabled, metadump, metaCommands, mgdump, itemSizeMax);
    }

    @Override
    public String toString() {
        return "Capabilities[server=" + server + ", rawVersion=" + rawVersion + ", version=" + version
                + ", crawlerEnabled=" + crawlerEnabled + ", metadump=" + metadump + ", metaCommands=" + metaCommands
                + ", mgdump=" + mgdump + ", itemSizeMax=" + itemSizeMax + "]";
    }
}
