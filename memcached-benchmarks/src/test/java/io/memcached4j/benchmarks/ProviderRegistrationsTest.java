package io.memcached4j.benchmarks;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every provider is registered twice, for the module path ({@code provides ... with ...} in
 * {@code module-info.java}) and for the class path ({@code META-INF/services}); this reads both in
 * every module of the reactor and checks they name the same providers.
 */
class ProviderRegistrationsTest {
    private static final Pattern PROVIDES = Pattern.compile("provides\\s+([\\w.]+)\\s+with\\s+([\\w.,\\s]+?);");

    @Test
    void everyProvidesClauseMatchesItsServicesFile() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> modules;
        try (Stream<Path> children = Files.list(root)) {
            modules = children.filter(p -> Files.isRegularFile(p.resolve("src/main/java/module-info.java"))).sorted().toList();
        }
        assertFalse(modules.isEmpty(), "no module found under " + root);
        List<String> mismatches = new ArrayList<>();
        int registrations = 0;
        for (Path module : modules) {
            Map<String, Set<String>> declared = declaredProviders(module.resolve("src/main/java/module-info.java"));
            Map<String, Set<String>> listed = listedProviders(module.resolve("src/main/resources/META-INF/services"));
            registrations += declared.size();
            if (!declared.equals(listed)) {
                mismatches.add(module.getFileName() + ": module-info provides " + declared + " but META-INF/services lists " + listed);
            }
        }
        assertEquals(List.of(), mismatches);
        assertFalse(registrations == 0, "no provider found at all: the scan is broken");
    }

    private static Map<String, Set<String>> declaredProviders(Path moduleInfo) throws IOException {
        String source = Files.readString(moduleInfo).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
        Map<String, Set<String>> providers = new TreeMap<>();
        Matcher m = PROVIDES.matcher(source);
        while (m.find()) {
            Set<String> with = Stream.of(m.group(2).split(",")).map(String::strip).collect(Collectors.toCollection(TreeSet::new));
            providers.computeIfAbsent(m.group(1), k -> new TreeSet<>()).addAll(with);
        }
        return providers;
    }

    private static Map<String, Set<String>> listedProviders(Path services) throws IOException {
        Map<String, Set<String>> providers = new TreeMap<>();
        if (!Files.isDirectory(services)) {
            return providers;
        }
        try (Stream<Path> files = Files.list(services)) {
            for (Path file : files.toList()) {
                Set<String> names = Files.readAllLines(file).stream()
                        .map(line -> line.replaceAll("#.*", "").strip())
                        .filter(line -> !line.isEmpty())
                        .collect(Collectors.toCollection(TreeSet::new));
                providers.put(file.getFileName().toString(), names);
            }
        }
        return providers;
    }
}
