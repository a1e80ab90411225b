package io.memcached4j.enumeration;

import io.memcached4j.LineConnection;
import io.memcached4j.ServerAddress;

import java.time.Duration;

/**
 * Reads the reply lines of one {@link LineConnection}. memcached ends each metadump line with a bare
 * {@code \n} (only {@code END} gets {@code \r\n}): should a transport hand over several such lines as
 * one, they are split here, so enumeration does not depend on how a transport frames lines.
 */
final class LineReader implements Lines {
    private final LineConnection connection;
    private final Duration timeout;
    private String pending;
    private int pendingFrom;

    LineReader(LineConnection connection, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
    }

    ServerAddress server() {
        return connection.server();
    }

    /** Sends one command line; any unread part of an earlier reply is dropped. */
    void send(String commandLine) {
        pending = null;
        connection.sendLine(commandLine);
    }

    /** Reads the next line, waiting at most the timeout, without its terminator. */
    @Override
    public String readLine() {
        if (pending != null) {
            return nextPending();
        }
        String line = connection.readLine(timeout);
        if (line.indexOf('\n') < 0) {
            return stripCarriageReturn(line);
        }
        pending = line;
        pendingFrom = 0;
        return nextPending();
    }

    private String nextPending() {
        int end = pending.indexOf('\n', pendingFrom);
        String line;
        if (end < 0) {
            line = pending.substring(pendingFrom);
            pending = null;
        } else {
            line = pending.substring(pendingFrom, end);
            pendingFrom = end + 1;
            if (pendingFrom == pending.length()) {
                pending = null;
            }
        }
        return stripCarriageReturn(line);
    }

    private static String stripCarriageReturn(String line) {
        int last = line.length() - 1;
        return last >= 0 && line.charAt(last) == '\r' ? line.substring(0, last) : line;
    }

    @Override
    public void close() {
        pending = null;
        connection.close();
    }
}
