package io.memcached4j.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs memcached4j commands in process, with given stdin and terminal flags, capturing stdout and stderr. */
public final class CliRunner {
    private final List<String> before;
    private byte[] stdin = new byte[0];
    private boolean inTerminal;
    private boolean outTerminal;
    private boolean errTerminal;

    private CliRunner(List<String> before) {
        this.before = before;
    }

    /** @param targetArgs arguments put before every command, e.g. {@code --servers host:port} @return a runner */
    public static CliRunner with(String... targetArgs) {
        return new CliRunner(List.of(targetArgs));
    }

    public CliRunner stdin(byte[] bytes) {
        this.stdin = bytes.clone();
        return this;
    }

    public CliRunner stdin(String text) {
        return stdin(text.getBytes(StandardCharsets.UTF_8));
    }

    public CliRunner terminals(boolean in, boolean out, boolean err) {
        this.inTerminal = in;
        this.outTerminal = out;
        this.errTerminal = err;
        return this;
    }

    /**
     * Runs one command line: the target arguments, then these.
     *
     * @param args the command and its arguments
     * @return what it did
     */
    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), inTerminal, outTerminal, errTerminal);
        List<String> all = new ArrayList<>(before);
        all.addAll(Arrays.asList(args));
        int code = Main.commandLine(io).execute(all.toArray(String[]::new));
        io.out().flush();
        io.err().flush();
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * What one command did.
     *
     * @param code the exit code
     * @param stdout the bytes written to stdout
     * @param stderr what was written to stderr
     */
    public record Result(int code, byte[] stdout, String stderr) {
        /** @return stdout as UTF-8 text */
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** @return stdout's lines */
        public List<String> lines() {
            String text = out();
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1)).subList(0, text.split("\n", -1).length
                    - (text.endsWith("\n") ? 1 : 0));
        }

        @Override
        public String toString() {
            return "exit " + code + ", stdout " + (stdout.length > 500 ? out().substring(0, 500) + "..." : out())
                    + ", stderr " + stderr;
        }
    }
}
