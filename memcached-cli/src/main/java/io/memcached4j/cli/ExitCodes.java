package io.memcached4j.cli;

import io.memcached4j.MemcachedException;
import picocli.CommandLine;

/** The exit codes a shell can rely on. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int MISS = 1;
    public static final int USAGE = 2;
    public static final int SERVER_ERROR = 3;

    private ExitCodes() {
    }

    static int forException(Throwable e) {
        if (e instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        if (e instanceof MemcachedException) {
            return SERVER_ERROR;
        }
        return SERVER_ERROR;
    }
}
