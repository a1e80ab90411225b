package io.memcached4j.cli.browser;

import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;

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
}
