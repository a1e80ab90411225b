package io.memcached4j.testkit;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * libmemcached's {@code memccapable -a} (Debian package {@code libmemcached-tools}) runs its 27
 * ASCII protocol tests against the standalone jar, started with memcached's own flags.
 */
class MemccapableIT {

    @Test
    void memccapablePassesEveryAsciiTestAgainstTheStandaloneJar() throws Exception {
        Path jar = Path.of(System.getProperty("standalone.jar", "target/standalone-jar-not-built.jar"));
        assertTrue(Files.isRegularFile(jar), "the shaded jar is built by `package`: " + jar);
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process fake = new ProcessBuilder(java, "-jar", jar.toString(), "-p", Integer.toString(port),
                "-l", "127.0.0.1", "-m", "64", "-c", "1024", "-t", "4", "-U", "0", "-v").start();
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(fake.getErrorStream(), StandardCharsets.UTF_8));
            String ready = log.readLine();
            assertNotNull(ready, "the standalone fake exited before listening");
            assertTrue(ready.contains("listening on 127.0.0.1:" + port), ready);

            File output = File.createTempFile("memccapable", ".log");
            output.deleteOnExit();
            Process capable = new ProcessBuilder("memccapable", "-a", "-h", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(output).start();
            assertTrue(capable.waitFor(120, TimeUnit.SECONDS), "memccapable finished");
            List<String> lines = Files.readAllLines(output.toPath(), StandardCharsets.UTF_8);
            String transcript = String.join("\n", lines);
            assertEquals(0, capable.exitValue(), transcript);
            assertEquals(27, lines.stream().filter(l -> l.startsWith("ascii ") && l.endsWith("[pass]")).count(),
                    transcript);
            assertFalse(transcript.contains("[FAIL]"), transcript);
            assertTrue(transcript.contains("All tests passed"), transcript);
        } finally {
            fake.destroy();
            if (!fake.waitFor(10, TimeUnit.SECONDS)) {
                fake.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
