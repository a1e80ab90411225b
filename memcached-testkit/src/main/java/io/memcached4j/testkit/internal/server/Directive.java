package io.memcached4j.testkit.internal.server;

import io.memcached4j.protocol.text.server.ServerRequest;

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
 * @param substitute the request the engine executes instead of the one received (a reply meant for another
 *                   request), or null; only with {@code execute}
 * @param splitAt write this many bytes of the reply at once and the rest after {@code delayNanos}; negative to
 *                hold back the whole reply
 * @param duplicate write the reply twice, in one write
 * @param appended bytes written right after the reply, in the same write (an unsolicited reply), or null
 */
public record Directive(boolean execute, byte[] replacement, long delayNanos, int truncateAfter, boolean closeAfter,
                        ServerRequest substitute, int splitAt, boolean duplicate, byte[] appended) {
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
     * @param substitute see the record description
     * @param splitAt see the record description
     * @param duplicate see the record description
     * @param appended see the record description
     */
    public Directive {
        if (execute && replacement != null) {
            throw new IllegalArgumentException("a replacement reply replaces execution");
        }
        if (!execute && substitute != null) {
            throw new IllegalArgumentException("a substitute request is executed");
        }
        if (delayNanos < 0) {
            throw new IllegalArgumentException("negative delay: " + delayNanos);
        }
    }

    /**
     * A directive that does not rewrite the reply.
     *
     * @param execute see the record description
     * @param replacement see the record description
     * @param delayNanos see the record description
     * @param truncateAfter see the record description
     * @param closeAfter see the record description
     */
    public Directive(boolean execute, byte[] replacement, long delayNanos, int truncateAfter, boolean closeAfter) {
        this(execute, replacement, delayNanos, truncateAfter, closeAfter, null, -1, false, null);
    }

    /**
     * Returns this directive with the connection closed after its reply.
     *
     * @return the directive with {@code closeAfter} set
     */
    public Directive thenClose() {
        return closeAfter ? this : new Directive(execute, replacement, delayNanos, truncateAfter, true, substitute,
                splitAt, duplicate, appended);
    }

    /** @return whether the reply is written as it is produced (neither held back, cut, split nor added to) */
    boolean immediate() {
        return delayNanos == 0 && truncateAfter < 0 && splitAt < 0 && !duplicate && appended == null;
    }
}
