package io.memcached4j.cli;

import io.memcached4j.process.MemcachedProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shaded jar run as a process, as a shell runs it: stdin a pipe, stdout and stderr captured. */
class JarIT {
    private static MemcachedProcess memcached;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        memcached = MemcachedProcess.start();
    }

    @AfterAll
    static void stop() {
        memcached.stop();
    }

    record Run(int code, byte[] out, String err) {
    }

    static Run java(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmemcached4j.log=" + dir.resolve("memcached4j.log"), "-jar", System.getProperty("cli.jar"), "--timeout", "10"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", "");
        Path err = Files.createTempFile(dir, "err", "");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().write(stdin);
        process.getOutputStream().close();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "finished");
        return new Run(process.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void setFromStdinThenGetWithAQuietStderr() throws Exception {
        byte[] value = {0, 1, 2, (byte) 0xfe, '\n'};
        Run set = java(value, "--servers", memcached.address().toString(), "set", "jar:k", "--ttl", "60");
        assertEquals(0, set.code(), set.err());
        assertEquals("", set.err(), "nothing logged onto the terminal");
        Run get = java(new byte[0], "get", "jar:k", "--servers", memcached.address().toString());
        assertEquals(0, get.code(), get.err());
        assertArrayEquals(value, get.out());
        assertEquals("", get.err());
        assertTrue(Files.readString(dir.resolve("memcached4j.log")).contains("connected to memcached"),
                "the platform's log lines go to the log file");
    }

    @Test
    void exitCodesAndOneLineErrors() throws Exception {
        String servers = memcached.address().toString();
        Run miss = java(new byte[0], "--servers", servers, "get", "jar:absent");
        assertEquals(1, miss.code());
        assertEquals("memcached4j get: no such key: jar:absent\n", miss.err());
        Run usage = java(new byte[0], "--servers", servers, "get");
        assertEquals(2, usage.code());
        assertEquals(1, usage.err().lines().count(), usage.err());
        Run down = java(new byte[0], "--servers", "127.0.0.1:1", "keys", "--timeout", "1");
        assertEquals(3, down.code());
        assertEquals(1, down.err().lines().count(), down.err());
        assertTrue(down.err().startsWith("memcached4j keys: cannot reach memcached at 127.0.0.1:1"), down.err());
    }

    @Test
    void flushRefusesWithoutYesWhenStdinIsNotATerminal() throws Exception {
        String servers = memcached.address().toString();
        assertEquals(0, java(new byte[0], "--servers", servers, "set", "jar:keep", "1").code());
        Run flush = java("y\n".getBytes(StandardCharsets.US_ASCII), "--servers", servers, "flush");
        assertEquals(2, flush.code());
        assertTrue(flush.err().contains("refusing to flush without --yes"), flush.err());
        assertEquals("1", new String(java(new byte[0], "--servers", servers, "get", "jar:keep").out(), StandardCharsets.UTF_8));
        assertEquals(0, java(new byte[0], "--servers", servers, "flush", "--yes").code());
        assertEquals(1, java(new byte[0], "--servers", servers, "get", "jar:keep").code());
    }
}
