package io.memcached4j.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * The standard streams a command uses, and whether each is a terminal. {@link #system()} reads the
 * terminal flags from the launcher ({@code -Dmemcached4j.tty=<in><out><err>}, each 0 or 1), else
 * from {@link System#console()}; tests pass their own streams.
 *
 * @param in standard input
 * @param out standard output
 * @param err standard error
 * @param inIsTerminal whether standard input is a terminal
 * @param outIsTerminal whether standard output is a terminal
 * @param errIsTerminal whether standard error is a terminal
 */
public record Io(InputStream in, PrintStream out, PrintStream err,
                 boolean inIsTerminal, boolean outIsTerminal, boolean errIsTerminal) {

    /** The system property the launcher sets: three digits, 1 where stdin, stdout, stderr is a terminal. */
    public static final String TTY_PROPERTY = "memcached4j.tty";

    /**
     * Checks the streams.
     *
     * @param in standard input
     * @param out standard output
     * @param err standard error
     * @param inIsTerminal whether standard input is a terminal
     * @param outIsTerminal whether standard output is a terminal
     * @param errIsTerminal whether standard error is a terminal
     */
    public Io {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }

    /** @return the process's standard streams */
    public static Io system() {
        String tty = System.getProperty(TTY_PROPERTY);
        if (tty != null && tty.matches("[01]{3}")) {
            return new Io(System.in, System.out, System.err,
                    tty.charAt(0) == '1', tty.charAt(1) == '1', tty.charAt(2) == '1');
        }
        boolean console = System.console() != null;
        return new Io(System.in, System.out, System.err, console, console, console);
    }
}
