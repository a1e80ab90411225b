package io.memcached4j.cli.browser;

import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

/** Terminal and logging settings the full screen needs. */
final class TerminalModes {
    private TerminalModes() {
    }

    /**
     * Turns off XON/XOFF flow control so Ctrl+S reaches the editor instead of freezing the output.
     * Lanterna saved the terminal's modes when the screen started and restores them when it stops.
     */
    static void allowCtrlS() {
        File tty = new File("/dev/tty");
        if (!tty.exists()) {
            return;
        }
        try {
            Process p = new ProcessBuilder("stty", "-ixon").redirectInput(tty)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
        } catch (IOException e) {
            LoggerFactory.getLogger(TerminalModes.class).info("stty -ixon failed; Ctrl+S may pause the terminal, F2 saves too", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends java.util.logging (used by the platform's provider lookup) to the log file, never to the screen. */
    static void quietJavaLogging() {
        LogManager.getLogManager().reset();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(Level.INFO);
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                org.slf4j.Logger log = LoggerFactory.getLogger(r.getLoggerName() == null ? "jul" : r.getLoggerName());
                String msg = new java.util.logging.SimpleFormatter().formatMessage(r);
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    log.warn(msg, r.getThrown());
                } else {
                    log.info(msg, r.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }
}
