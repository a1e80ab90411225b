package io.memcached4j.cli;

/**
 * A failure a command reports to the shell: its one-line message goes to stderr and its exit code
 * (one of {@link ExitCodes}) becomes the process's.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode one of {@link ExitCodes}
     * @param message one line, said to the user
     */
    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** @param message what was not found @return a miss (exit code 1) */
    public static CliException miss(String message) {
        return new CliException(ExitCodes.MISS, message);
    }

    /** @param message what is wrong with the input @return a usage error (exit code 2) */
    public static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    /** @param message what the server did @return a server error (exit code 3) */
    public static CliException server(String message) {
        return new CliException(ExitCodes.SERVER_ERROR, message);
    }

    /** @return the exit code */
    public int exitCode() {
        return exitCode;
    }
}
