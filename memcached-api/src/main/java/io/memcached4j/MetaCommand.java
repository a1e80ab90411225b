package io.memcached4j;

/** The meta commands of memcached 1.6: get, set, delete, arithmetic, no-op and debug. */
public enum MetaCommand {
    /** {@code mg}: meta get. */
    GET("mg"),
    /** {@code ms}: meta set. */
    SET("ms"),
    /** {@code md}: meta delete. */
    DELETE("md"),
    /** {@code ma}: meta arithmetic. */
    ARITHMETIC("ma"),
    /** {@code mn}: meta no-op, which answers {@code MN}. */
    NOOP("mn"),
    /** {@code me}: meta debug, which describes an item. */
    DEBUG("me");

    private final String token;

    MetaCommand(String token) {
        this.token = token;
    }

    /**
     * Returns the command as it appears on the wire.
     *
     * @return {@code mg}, {@code ms}, ...
     */
    public String token() {
        return token;
    }
}
