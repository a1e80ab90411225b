package io.memcached4j.enumeration;

import io.memcached4j.ServerAddress;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the lines of one server's dump that could not be parsed, and reports them once, at its end. */
final class UnparsedLines {
    private static final System.Logger LOG = System.getLogger("io.memcached4j.enumeration");

    private final ServerAddress server;
    private final String command;
    private final AtomicLong total;
    private long count;
    private String example;
    private String reason;
    private boolean reported;

    UnparsedLines(ServerAddress server, String command, AtomicLong total) {
        this.server = server;
        this.command = command;
        this.total = total;
    }

    synchronized void add(String line, String why) {
        if (count++ == 0) {
            example = MetadumpSupport.shown(line);
            reason = why;
        }
        total.incrementAndGet();
    }

    /** Logs a warning with the count and the first line, when there was any; once. */
    synchronized void report() {
        if (reported || count == 0) {
            return;
        }
        reported = true;
        LOG.log(Level.WARNING, () -> count + " line(s) of \"" + command + "\" from " + server
                + " could not be parsed and were left out; the first: \"" + example + "\" (" + reason + ")");
    }
}
