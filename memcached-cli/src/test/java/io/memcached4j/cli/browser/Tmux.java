package io.memcached4j.cli.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A program running in a detached tmux session of fixed size, driven with send-keys and read with capture-pane. */
final class Tmux implements AutoCloseable {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final String socket;
    private final String session = "browser";

    private Tmux(String socket) {
        this.socket = socket;
    }

    /** Starts the command in a new session of {@code columns x rows}. */
    static Tmux start(int columns, int rows, String command) {
        Tmux t = new Tmux("memcached4j-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        t.run("new-session", "-d", "-s", t.session, "-x", String.valueOf(columns), "-y", String.valueOf(rows), command);
        t.run("set-option", "-t", t.session, "remain-on-exit", "on");
        return t;
    }

    /**
     * The shell command that runs the real jar ({@code -Dcli.jar}) in a UTF-8 xterm, with no server named by
     * the environment, logging to {@code log}.
     *
     * @param env more {@code NAME=value} words for {@code env}, or empty
     * @param log the log file
     * @param args the program's arguments, or empty
     */
    static String jar(String env, Path log, String args) {
        String jar = System.getProperty("cli.jar");
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "the jar is built first: " + jar);
        return "env -u MEMCACHED4J_SERVERS -u MEMCACHED4J_CONFIG LANG=C.UTF-8 TERM=xterm-256color " + env
                + " java -Dmemcached4j.log=" + log + " -jar " + jar + (args.isEmpty() ? "" : " " + args);
    }

    /** @return a file next to the jar, for a test's log or config */
    static Path besideJar(String name) {
        return Path.of(System.getProperty("cli.jar")).resolveSibling(name);
    }

    /** Lets programs set tmux's clipboard with OSC 52; each copy becomes a paste buffer. */
    void acceptClipboard() {
        run("set-option", "-g", "set-clipboard", "on");
    }

    /** @return the newest paste buffer (what OSC 52 copied last) */
    String newestBuffer() {
        return run("show-buffer");
    }

    /** @return whether tmux holds a paste buffer */
    boolean hasBuffer() {
        return !run("list-buffers").isBlank();
    }

    /** Types keys, in tmux's send-keys syntax (e.g. {@code Enter}, {@code C-s}, {@code Escape}). */
    void keys(String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        run(args.toArray(new String[0]));
    }

    /** Types text literally. */
    void type(String text) {
        run("send-keys", "-t", session, "-l", text);
    }

    /** @return the visible screen, one line per row */
    String screen() {
        return run("capture-pane", "-p", "-t", session);
    }

    /** @return the visible screen with escape sequences for colours and attributes */
    String screenWithAttributes() {
        return run("capture-pane", "-p", "-e", "-t", session);
    }

    /** Resizes the window, as a person resizing the terminal. */
    void resize(int columns, int rows) {
        run("resize-window", "-t", session, "-x", String.valueOf(columns), "-y", String.valueOf(rows));
    }

    /** @return whether the program in the pane has exited */
    boolean exited() {
        return run("display-message", "-p", "-t", session, "#{pane_dead}").strip().equals("1");
    }

    /** Polls the screen until the condition holds; fails with the last screen after the deadline. */
    String await(String what, Predicate<String> condition) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        String s = screen();
        while (!condition.test(s)) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for " + what + "; the screen was:\n" + s);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
            s = screen();
        }
        return s;
    }

    String awaitText(String text) {
        return await("\"" + text + "\"", s -> s.contains(text));
    }

    private String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("tmux " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("tmux is needed for this test (apt-get install tmux): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            run("kill-server");
        } catch (IllegalStateException e) {
            // already gone
        }
    }
}
