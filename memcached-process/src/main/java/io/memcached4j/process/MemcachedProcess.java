package io.memcached4j.process;

import io.memcached4j.ServerAddress;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A real {@code memcached} process for integration tests: started on a free loopback port,
 * and stopped, killed, paused (SIGSTOP), resumed (SIGCONT) or restarted on the same port by
 * process id. Needs the {@code memcached} binary on the {@code PATH} (or named with
 * {@link Builder#executable}); {@link #isInstalled()} tells whether it is.
 *
 * <pre>{@code
 * try (MemcachedProcess memcached = MemcachedProcess.start()) {
 *     MemcachedClient client = Memcached.connect(memcached.address().toString());
 * }
 * }</pre>
 */
public final class MemcachedProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The processes started and not yet stopped, each with the code that started it. A test that
     * forgets {@link #close()}, or a JVM that ends before it runs, must not leave memcached
     * running: a shutdown hook kills what is left, by process id, and names who started it on
     * standard error so that the leak gets fixed.
     */
    private static final Map<Process, String> RUNNING = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(MemcachedProcess::reapLeftovers, "memcached-process-reaper"));
    }

    private final Builder settings;
    private final int port;
    private Process process;

    private MemcachedProcess(Builder settings, int port) {
        this.settings = settings;
        this.port = port;
    }

    /**
     * Starts memcached with the defaults: 64 MB, loopback only, a free port.
     *
     * @return the running process, accepting connections
     */
    public static MemcachedProcess start() {
        return builder().start();
    }

    /**
     * Starts configuring a process.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Tells whether a {@code memcached} binary can be found on the {@code PATH}.
     *
     * @return true when installed
     */
    public static boolean isInstalled() {
        return findOnPath("memcached") != null;
    }

    /** @return the address clients connect to: {@code 127.0.0.1} and the port */
    public ServerAddress address() {
        return new ServerAddress("127.0.0.1", port);
    }

    /** @return the TCP port, kept across {@link #restart()} */
    public int port() {
        return port;
    }

    /** @return the process id of the running process */
    public synchronized long pid() {
        requireStarted();
        return process.pid();
    }

    /** @return whether the process is alive (a paused process is alive) */
    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Stops the process with SIGTERM and waits for it to exit; a no-op when it is not running. */
    public synchronized void stop() {
        terminate(false);
    }

    /** Kills the process with SIGKILL and waits for it to exit; a no-op when it is not running. */
    public synchronized void kill() {
        terminate(true);
    }

    /**
     * Suspends the process with SIGSTOP: it keeps its connections but answers nothing. Returns once
     * every thread of the process is stopped (SIGSTOP is delivered asynchronously; on Linux this
     * waits on {@code /proc/<pid>/task/<tid>/stat}).
     */
    public synchronized void pause() {
        signal("STOP");
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        if (!Files.isDirectory(tasks)) {
            return;
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!allStopped(tasks)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(this + " did not stop within " + START_TIMEOUT + " of SIGSTOP");
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    private static boolean allStopped(Path tasks) {
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.allMatch(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    // the state follows the parenthesized command name: "pid (comm) S ..."
                    char state = stat.charAt(stat.lastIndexOf(')') + 2);
                    return state == 'T' || state == 't';
                } catch (NoSuchFileException gone) {
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resumes a paused process with SIGCONT. */
    public synchronized void resume() {
        signal("CONT");
    }

    /** Starts the process again on the same port, stopping it first if it runs. All data is lost. */
    public synchronized void restart() {
        if (isAlive()) {
            kill();
        }
        launch();
    }

    /** Stops the process (SIGKILL, since a paused process ignores SIGTERM until resumed). */
    @Override
    public synchronized void close() {
        kill();
    }

    @Override
    public String toString() {
        return "memcached[" + address() + (process == null ? "" : ", pid " + process.pid()) + "]";
    }

    private static void reapLeftovers() {
        RUNNING.forEach((process, starter) -> {
            if (process.isAlive()) {
                System.err.println("memcached4j: memcached (pid " + process.pid() + ") started by " + starter
                        + " was never stopped; killing it");
                process.destroyForcibly();
            }
        });
    }

    /** The first stack frame outside this class: who started the process. */
    private static String starter() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(frame -> !frame.getClassName().startsWith(MemcachedProcess.class.getName()))
                .findFirst()
                .map(StackWalker.StackFrame::toString)
                .orElse("unknown code"));
    }

    private void requireStarted() {
        if (process == null) {
            throw new IllegalStateException("memcached is not started");
        }
    }

    private void terminate(boolean forcibly) {
        if (process == null || !process.isAlive()) {
            if (process != null) {
                RUNNING.remove(process);
            }
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            RUNNING.remove(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + this, e);
        }
    }

    private void signal(String name) {
        requireStarted();
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + this, e);
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>();
        command.add(settings.executable);
        command.add("-p");
        command.add(Integer.toString(port));
        command.add("-l");
        command.add("127.0.0.1");
        command.add("-U");
        command.add("0");
        command.add("-m");
        command.add(Integer.toString(settings.memoryMegabytes));
        command.add("-t");
        command.add(Integer.toString(settings.threads));
        if (isRoot()) {
            command.add("-u");
            command.add("root");
        }
        command.addAll(settings.extraArguments);
        Path log;
        try {
            log = Files.createTempFile("memcached-" + port + "-", ".log");
            log.toFile().deleteOnExit();
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            RUNNING.put(process, starter());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command + ": is memcached installed?", e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        long pauseMillis = 1;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("memcached exited with " + process.exitValue() + " at start: "
                        + command + "\n" + readQuietly(log));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("memcached did not accept connections on port " + port
                            + " within " + START_TIMEOUT + "\n" + readQuietly(log));
                }
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IllegalStateException("interrupted while starting memcached", e);
            }
            pauseMillis = Math.min(pauseMillis * 2, 20);
        }
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return null;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** Configures a {@link MemcachedProcess}. */
    public static final class Builder {
        private String executable = "memcached";
        private int memoryMegabytes = 64;
        private int threads = 2;
        private int port;
        private final List<String> extraArguments = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param executable the memcached binary, a name on the PATH or a path
         * @return this builder
         */
        public Builder executable(String executable) {
            this.executable = Objects.requireNonNull(executable, "executable");
            return this;
        }

        /**
         * @param megabytes the cache size ({@code -m})
         * @return this builder
         */
        public Builder memoryMegabytes(int megabytes) {
            this.memoryMegabytes = megabytes;
            return this;
        }

        /**
         * @param count worker threads ({@code -t})
         * @return this builder
         */
        public Builder threads(int count) {
            this.threads = count;
            return this;
        }

        /**
         * @param port a fixed port; by default a free one is chosen
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * @param args more memcached arguments, such as {@code "-o", "no_lru_crawler"}
         * @return this builder
         */
        public Builder arguments(String... args) {
            extraArguments.addAll(List.of(args));
            return this;
        }

        /**
         * Starts the process and waits until it accepts connections; a chosen free port that
         * another process grabbed first is retried on a new port.
         *
         * @return the running process
         */
        public MemcachedProcess start() {
            IllegalStateException last = null;
            for (int attempt = 0; attempt < (port == 0 ? 5 : 1); attempt++) {
                MemcachedProcess p = new MemcachedProcess(this, port == 0 ? freePort() : port);
                try {
                    p.launch();
                    return p;
                } catch (IllegalStateException e) {
                    last = e;
                }
            }
            throw last;
        }
    }
}
