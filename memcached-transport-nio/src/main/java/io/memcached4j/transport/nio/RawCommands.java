package io.memcached4j.transport.nio;

import io.memcached4j.Keys;

import java.util.Locale;
import java.util.Set;

/**
 * Checks the lines of {@code rawCommand}. Besides {@link Keys#requireValidCommandLine}, it refuses
 * the commands after which the server's replies would no longer line up with the requests on a
 * shared, pipelined connection: those that need a data block, those told not to reply, quiet meta
 * commands and {@code quit}.
 */
final class RawCommands {
    private static final Set<String> NEED_DATA = Set.of("set", "add", "replace", "append", "prepend", "cas", "ms");
    private static final Set<String> META_WITH_FLAGS = Set.of("mg", "md", "ma", "me");

    private RawCommands() {
    }

    /**
     * Checks a raw command line.
     *
     * @param line the line
     * @return the line
     * @throws IllegalArgumentException when the line is invalid or cannot be sent as one line
     */
    static String check(String line) {
        Keys.requireValidCommandLine(line);
        String[] tokens = line.trim().split(" +");
        String command = tokens[0].toLowerCase(Locale.ROOT);
        if (NEED_DATA.contains(command)) {
            throw new IllegalArgumentException("rawCommand sends one line, but \"" + command
                    + "\" needs a data block: use set/add/replace/append/prepend/compareAndSwap or meta()");
        }
        if (command.equals("quit")) {
            throw new IllegalArgumentException("rawCommand cannot send \"quit\": close() the client instead");
        }
        for (int i = 1; i < tokens.length; i++) {
            if (tokens[i].equals("noreply")) {
                throw new IllegalArgumentException("rawCommand needs a reply: remove \"noreply\" from \"" + line + "\"");
            }
            if (i >= 2 && META_WITH_FLAGS.contains(command) && tokens[i].equals("q")) {
                throw new IllegalArgumentException("rawCommand needs a reply: quiet meta commands (flag q) go through meta()");
            }
        }
        return line;
    }
}
