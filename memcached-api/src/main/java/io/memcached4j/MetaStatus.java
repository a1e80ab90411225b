package io.memcached4j;

/** The status code that starts a meta reply. */
public enum MetaStatus {
    /** {@code VA}: a value follows. */
    VALUE("VA"),
    /** {@code HD}: success, no value. */
    HEADER("HD"),
    /** {@code EN}: miss. */
    MISS("EN"),
    /** {@code NF}: not found. */
    NOT_FOUND("NF"),
    /** {@code NS}: not stored. */
    NOT_STORED("NS"),
    /** {@code EX}: exists, the CAS did not match. */
    EXISTS("EX"),
    /** {@code MN}: the answer to a no-op. */
    NOOP("MN"),
    /** {@code ME}: the answer to meta debug. */
    DEBUG("ME");

    private final String code;

    MetaStatus(String code) {
        this.code = code;
    }

    /**
     * Returns the two-letter code.
     *
     * @return {@code VA}, {@code HD}, ...
     */
    public String code() {
        return code;
    }

    /**
     * Finds the status for a two-letter code.
     *
     * @param code the code
     * @return the status
     * @throws IllegalArgumentException for an unknown code
     */
    public static MetaStatus fromCode(String code) {
        for (MetaStatus s : values()) {
            if (s.code.equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown meta status \"" + code + "\"");
    }
}
