package io.memcached4j.testkit.server;

/**
 * How the server answers one request, as decided by {@link ServerHooks#onRequest}.
 *
 * @param execute whether the engine executes the request (and writes its reply)
 * @param replacement bytes written as the reply instead of the engine's, or null; only with {@code execute} false
 * @param delayNanos how long the reply is held back before it is written; {@link Long#MAX_VALUE} holds it
 *                   forever (and every later reply of the connection with it)
 * @param truncateAfter write only this many bytes of the reply, then close the connection; negative for the
 *                      whole reply
 * @param closeAfter close the connection once this request's reply (and the ones before it) are written, and
 *                   read no further request
 */
public record Directive(boolean execute, byte[] replacement, long delayNanos, int truncateAfter, boolean closeAfter) {
    /** Execute and answer normally. */
    public static final Directive PROCEED = new Directive(true, null, 0, -1, false);

    /**
     * Checks the combination.
     *
     * @param execute see the record description
     * @param replacement see the record description
     * @param delayNanos see the record description
     * @param truncateAfter see the record description
     * @param closeAfter see the record description
     */
    public Directive {
        if (execute && replacement != null) {
            throw new IllegalArgumentException("a replacement reply replaces execution");
        }
        if (delayNanos < 0) {
            throw new IllegalArgumentException("negative delay: " + delayNanos);
        }
    }

    /**
     * Returns this directive with the connection closed after its reply.
     *
     * @return the directive with {@code closeAfter} set
     */
    public Directive thenClose() {
        return closeAfter ? this : new Directive(execute, replacement, delayNanos, truncateAfter, true);
    }

    /** @return whether the reply is written as it is produced (neither held back nor cut) */
    boolean immediate() {
        return delayNanos == 0 && truncateAfter < 0;
    }
}
