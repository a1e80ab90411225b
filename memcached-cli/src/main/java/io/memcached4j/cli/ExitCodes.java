package io.memcached4j.cli;

import io.memcached4j.MemcachedException;
import picocli.CommandLine;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The exit codes a shell can rely on, and which failure gives which. */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** A key was not found (or nothing matched). */
    public static final int MISS = 1;
    /** Bad command line, bad input, or a refused confirmation. */
    public static final int USAGE = 2;
    /** The server failed, answered an error, or could not be reached. */
    public static final int SERVER_ERROR = 3;

    private ExitCodes() {
    }

    static int forException(Throwable thrown) {
        Throwable e = unwrap(thrown);
        if (e instanceof CliException cli) {
            return cli.exitCode();
        }
        if (e instanceof CommandLine.ParameterException || e instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (e instanceof MemcachedException) {
            return SERVER_ERROR;
        }
        return SERVER_ERROR;
    }

    /** @return the cause of a {@link CompletionException} or {@link ExecutionException}, else the exception */
    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** @return the exception's message on one line, with its type when it has none */
    static String message(Throwable e) {
        Throwable shown = unwrap(e);
        while (shown.getMessage() == null && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
