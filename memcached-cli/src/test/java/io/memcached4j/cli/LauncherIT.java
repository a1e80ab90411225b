package io.memcached4j.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher {@code ./memcached4j}, run by bash in a copy of the repository's layout where {@code mvn}
 * and {@code java} are stand-ins that record how they were called: it builds only when the jar is
 * missing or older than a source or pom, says so in one line, hides Maven's output, and passes the
 * arguments and the terminal flags on.
 */
class LauncherIT {
    private static final List<String> MODULES = List.of("memcached-api", "memcached-client-core",
            "memcached-protocol-text", "memcached-transport-nio", "memcached-enumeration", "memcached-testkit",
            "memcached-cli");
    private static final FileTime LONG_AGO = FileTime.from(Instant.now().minus(Duration.ofDays(1)));

    @TempDir
    Path root;

    private Path jar;

    @BeforeEach
    void layout() throws IOException {
        Path script = Path.of(System.getProperty("user.dir")).getParent().resolve("memcached4j");
        Files.copy(script, root.resolve("memcached4j"));
        old(Files.writeString(root.resolve("pom.xml"), "<project/>"));
        for (String module : MODULES) {
            Path main = Files.createDirectories(root.resolve(module).resolve("src/main/java"));
            old(Files.writeString(root.resolve(module).resolve("pom.xml"), "<project/>"));
            old(Files.writeString(main.resolve("A.java"), "class A {}"));
        }
        jar = root.resolve("memcached-cli/target/memcached4j.jar");
        Path bin = Files.createDirectories(root.resolve("fake-bin"));
        executable(bin.resolve("mvn"), "#!/bin/bash\necho \"$PWD $*\" >> \"" + root.resolve("mvn.calls") + "\"\n"
                + "echo '[INFO] Scanning for projects... lots of noise'\necho 'noise on stderr' >&2\n"
                + "if [[ -f \"" + root.resolve("fail") + "\" ]]; then echo 'BUILD FAILURE: A.java:[1,1] error'; exit 1; fi\n"
                + "mkdir -p memcached-cli/target && echo jar > memcached-cli/target/memcached4j.jar\n");
        Path javaHome = Files.createDirectories(root.resolve("fake-jdk/bin"));
        executable(javaHome.resolve("java"), "#!/bin/bash\nprintf '%s\\n' \"$@\" > \"" + root.resolve("java.args") + "\"\n"
                + "echo 'the program ran'\nexit 7\n");
    }

    private static void old(Path file) throws IOException {
        Files.setLastModifiedTime(file, LONG_AGO);
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    record Run(int code, String out, String err) {
    }

    private Run launch(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("memcached4j").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        builder.environment().put("PATH", root.resolve("fake-bin") + ":/usr/bin:/bin");
        builder.environment().put("JAVA_HOME", root.resolve("fake-jdk").toString());
        Path out = root.resolve("out");
        Path err = root.resolve("err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err, StandardCharsets.UTF_8));
    }

    private long builds() throws IOException {
        Path calls = root.resolve("mvn.calls");
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    @Test
    void buildsAMissingJarQuietlyThenRunsItWithTheArguments() throws Exception {
        Run run = launch("get", "two words", "--servers", "h:1");
        assertEquals(7, run.code(), "the program's exit code");
        assertEquals("the program ran\n", run.out());
        assertEquals("building memcached4j\u2026\n", run.err(), "one line, no Maven output");
        assertEquals(List.of(root + " -B -q -pl memcached-cli -am package -DskipTests"),
                Files.readAllLines(root.resolve("mvn.calls")));
        assertEquals(List.of("-Dmemcached4j.tty=000", "-jar", jar.toString(), "get", "two words", "--servers", "h:1"),
                Files.readAllLines(root.resolve("java.args")));
    }

    @Test
    void aFreshJarIsNotRebuilt() throws Exception {
        launch("--version");
        Run again = launch("--version");
        assertEquals("", again.err());
        assertEquals(1, builds());
    }

    /** Makes the file an hour old and the jar two hours old, as after editing a source since the last build. */
    private void editedSinceTheBuild(String file) throws IOException {
        Files.setLastModifiedTime(root.resolve(file), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    }

    @Test
    void aNewerSourceOrPomRebuilds() throws Exception {
        launch();
        editedSinceTheBuild("memcached-enumeration/src/main/java/A.java");
        assertEquals("building memcached4j\u2026\n", launch().err());
        assertEquals(2, builds());
        launch();
        assertEquals(2, builds(), "the rebuilt jar is fresh again");
        editedSinceTheBuild("memcached-api/pom.xml");
        launch();
        assertEquals(3, builds());
        editedSinceTheBuild("pom.xml");
        launch();
        assertEquals(4, builds());
        for (String edited : List.of("pom.xml", "memcached-api/pom.xml", "memcached-enumeration/src/main/java/A.java")) {
            old(root.resolve(edited));
        }
        Files.writeString(Files.createDirectories(root.resolve("memcached-cli/src/test/java")).resolve("T.java"), "");
        editedSinceTheBuild("memcached-cli/src/test/java/T.java");
        launch();
        assertEquals(4, builds(), "test sources are not in the jar");
    }

    @Test
    void aFailedBuildShowsMavensOutputAndExitsThree() throws Exception {
        Files.writeString(root.resolve("fail"), "");
        Run run = launch("keys");
        assertEquals(3, run.code());
        assertTrue(run.err().startsWith("building memcached4j\u2026\nmemcached4j: the build failed"), run.err());
        assertTrue(run.err().contains("BUILD FAILURE: A.java:[1,1] error"), run.err());
        assertTrue(Files.notExists(root.resolve("java.args")), "nothing ran");
    }
}
