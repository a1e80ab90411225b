package io.memcached4j;

/**
 * A server is too old, or too unusual, for a feature: for example {@code lru_crawler metadump},
 * which needs memcached {@link ServerVersion#MIN_METADUMP 1.4.31} or later with the crawler enabled.
 */
public class UnsupportedVersionException extends MemcachedException {
    private static final long serialVersionUID = 1L;

    private final String detectedVersion;

    /**
     * Creates the exception.
     *
     * @param message what is unsupported and where
     * @param detectedVersion the version string the server reported, may be null when unknown
     */
    public UnsupportedVersionException(String message, String detectedVersion) {
        super(message);
        this.detectedVersion = detectedVersion;
    }

    /**
     * Returns the version string the server reported.
     *
     * @return the raw version, or null when it could not be read
     */
    public String detectedVersion() {
        return detectedVersion;
    }
}
