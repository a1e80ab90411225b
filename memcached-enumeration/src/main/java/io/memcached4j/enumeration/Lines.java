package io.memcached4j.enumeration;

/** The reply lines of one server, one at a time. */
interface Lines extends AutoCloseable {
    /**
     * Reads the next line, blocking up to the enumeration's timeout.
     *
     * @return the line without its terminator
     */
    String readLine();

    /** Closes the connection at once; idempotent, from any thread. */
    @Override
    void close();
}
