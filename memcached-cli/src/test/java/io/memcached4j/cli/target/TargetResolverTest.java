package io.memcached4j.cli.target;

import io.memcached4j.cli.TargetOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetResolverTest {
    @TempDir
    Path home;

    private static TargetOptions options(String... args) {
        TargetOptions options = new TargetOptions();
        new picocli.CommandLine(options).parseArgs(args);
        return options;
    }

    private Path writeConfig(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void withNothingNamedItIsTheDemo() {
        TargetResolver.Resolved resolved = new TargetResolver(Map.of(), home).resolve(options());
        assertEquals(TargetResolver.Kind.DEMO, resolved.kind());
        assertEquals(Duration.ofSeconds(1), resolved.timeout());
    }

    @Test
    void serversComeFromTheOptionThenTheVariableThenTheConfigFile() throws IOException {
        writeConfig(home.resolve(".config/memcached4j/config.properties"), "servers = file:1\ntimeout=2.5\n");
        Map<String, String> env = Map.of("MEMCACHED4J_SERVERS", "env:2,env:3");
        TargetResolver resolver = new TargetResolver(env, home);
        assertEquals("opt:4", resolver.resolve(options("--servers", "opt:4")).servers());
        assertEquals("--servers", resolver.resolve(options("-s", "opt:4")).source());
        TargetResolver.Resolved fromEnv = resolver.resolve(options());
        assertEquals("env:2,env:3", fromEnv.servers());
        assertEquals("$MEMCACHED4J_SERVERS", fromEnv.source());
        TargetResolver.Resolved fromFile = new TargetResolver(Map.of(), home).resolve(options());
        assertEquals("file:1", fromFile.servers());
        assertTrue(fromFile.source().startsWith("servers= in "), fromFile.source());
        assertEquals(Duration.ofMillis(2500), fromFile.timeout());
        assertEquals(Duration.ofMillis(300), new TargetResolver(Map.of(), home).resolve(options("--timeout", "0.3")).timeout());
    }

    @Test
    void demoAndEmptyWinOverTheEnvironmentButNotOverServers() {
        TargetResolver resolver = new TargetResolver(Map.of("MEMCACHED4J_SERVERS", "env:2"), home);
        assertEquals(TargetResolver.Kind.DEMO, resolver.resolve(options("--demo")).kind());
        assertEquals(TargetResolver.Kind.EMPTY, resolver.resolve(options("--empty")).kind());
        assertThrows(IllegalArgumentException.class, () -> resolver.resolve(options("--demo", "--servers", "a:1")));
        assertThrows(IllegalArgumentException.class, () -> resolver.resolve(options("--demo", "--empty")));
    }

    @Test
    void theConfigFileIsFoundWhereTheEnvironmentSays() throws IOException {
        Path named = writeConfig(home.resolve("elsewhere/my.properties"), "servers=named:1\n");
        assertEquals("named:1", new TargetResolver(Map.of("MEMCACHED4J_CONFIG", named.toString()), home)
                .resolve(options()).servers());
        writeConfig(home.resolve("xdg/memcached4j/config.properties"), "servers=xdg:1\n");
        assertEquals("xdg:1", new TargetResolver(Map.of("XDG_CONFIG_HOME", home.resolve("xdg").toString()), home)
                .resolve(options()).servers());
        assertEquals("named:1", new TargetResolver(Map.of(), home)
                .resolve(options("--config", named.toString())).servers());
    }

    @Test
    void badSettingsAreUsageErrorsNamingTheirSource() throws IOException {
        TargetResolver resolver = new TargetResolver(Map.of(), home);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> resolver.resolve(options("--config", home.resolve("none.properties").toString())));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Path bad = writeConfig(home.resolve("bad.properties"), "timeout=soon\n");
        IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
                () -> resolver.resolve(options("--config", bad.toString())));
        assertTrue(timeout.getMessage().contains("timeout= in " + bad), timeout.getMessage());
        assertThrows(IllegalArgumentException.class, () -> resolver.resolve(options("--timeout", "0")));
        assertThrows(IllegalArgumentException.class, () -> resolver.resolve(options("--servers", " ")));
    }
}
