package io.memcached4j;

import java.time.Duration;

/**
 * A connection of its own to one server, for commands whose long replies are read line by line
 * at the caller's pace, such as {@code lru_crawler metadump}. From
 * {@link MemcachedClient#openLineConnection}. Not thread-safe: one reader at a time.
 */
public interface LineConnection extends AutoCloseable {

    /**
     * Returns the server this connection talks to.
     *
     * @return the server
     */
    ServerAddress server();

    /**
     * Sends one command line; the connection adds {@code \r\n}.
     *
     * @param commandLine one line, checked with {@link Keys#requireValidCommandLine}
     * @throws MemcachedConnectionException when the connection is lost
     */
    void sendLine(String commandLine);

    /**
     * Reads the next line of the reply, blocking up to a timeout. Bytes are read as ISO-8859-1, so
     * every byte maps to one char.
     *
     * @param timeout the longest wait for the line
     * @return the line without its {@code \r\n}
     * @throws MemcachedTimeoutException when no full line arrived in time
     * @throws MemcachedConnectionException when the server closed the connection
     * @throws ProtocolException when a line exceeds the transport's line limit
     */
    String readLine(Duration timeout);

    /** Closes the connection at once, discarding what is unread. Idempotent. */
    @Override
    void close();
}
