package io.memcached4j.process;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JVM that ends without stopping its memcached leaves no process behind, and says who leaked it. */
class LeftoverProcessIT {

    @Test
    void theShutdownHookKillsAForgottenProcessAndNamesWhoStartedIt() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ForgetfulMain.class.getName()).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
        String out = read(child.getInputStream().readAllBytes());
        String err = read(child.getErrorStream().readAllBytes());
        assertEquals(0, child.exitValue(), err);
        long pid = Long.parseLong(out.trim());

        Await.until(Duration.ofSeconds(10), () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true),
                "memcached " + pid + " to be gone");
        assertTrue(err.contains("memcached (pid " + pid + ") started by " + ForgetfulMain.class.getName() + ".main"),
                err);
    }

    private static String read(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Starts memcached, prints its process id and exits without stopping it. */
    static final class ForgetfulMain {
        public static void main(String[] args) {
            MemcachedProcess memcached = MemcachedProcess.start();
            System.out.println(memcached.pid());
        }
    }
}
