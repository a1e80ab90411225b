package io.memcached4j.benchmarks;

import io.memcached4j.ServerAddress;
import io.memcached4j.process.MemcachedProcess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The memcached processes of a harness invocation: started on loopback the first time a workload
 * needs them, kept for the later runs and repetitions, and stopped together by process id.
 */
final class Servers implements AutoCloseable {
    private final int threads;
    private final int memoryMegabytes;
    private final List<ServerAddress> external;
    private final Map<Setup, List<MemcachedProcess>> started = new LinkedHashMap<>();

    /**
     * @param threads memcached's {@code -t} for every process
     * @param memoryMegabytes memcached's {@code -m} for every process
     * @param external a running server to use for the {@link Setup#DEFAULT} setup, or null to start one
     */
    Servers(int threads, int memoryMegabytes, ServerAddress external) {
        this.threads = threads;
        this.memoryMegabytes = memoryMegabytes;
        this.external = external == null ? null : List.of(external);
    }

    /** The addresses of the setup's servers, starting them if this is the first time they are needed. */
    List<ServerAddress> addresses(Setup setup) {
        if (setup.equals(Setup.DEFAULT) && external != null) {
            return external;
        }
        List<MemcachedProcess> processes = started.get(setup);
        if (processes == null) {
            processes = new ArrayList<>();
            started.put(setup, processes);
            for (int i = 0; i < setup.count(); i++) {
                processes.add(MemcachedProcess.builder().threads(threads).memoryMegabytes(memoryMegabytes)
                        .arguments(setup.arguments().toArray(String[]::new)).start());
            }
        }
        return processes.stream().map(MemcachedProcess::address).toList();
    }

    /** What ran, for the report: each setup's processes and their ports. */
    String describe(String version) {
        List<String> parts = new ArrayList<>();
        if (external != null) {
            parts.add("memcached at " + external.get(0) + " (not started by the harness)");
        }
        for (Map.Entry<Setup, List<MemcachedProcess>> entry : started.entrySet()) {
            List<MemcachedProcess> processes = entry.getValue();
            List<String> arguments = new ArrayList<>(List.of("-t", Integer.toString(threads), "-m",
                    Integer.toString(memoryMegabytes)));
            arguments.addAll(entry.getKey().arguments());
            parts.add((processes.size() == 1 ? "" : processes.size() + " × ") + version + " (" + String.join(" ", arguments)
                    + ") on 127.0.0.1:" + (processes.size() <= 8
                    ? processes.stream().map(p -> Integer.toString(p.port())).collect(Collectors.joining(","))
                    : processes.get(0).port() + " and " + (processes.size() - 1) + " other free ports"));
        }
        return parts.isEmpty() ? "no server" : String.join("; ", parts) + (started.isEmpty() ? "" : ", started by the harness");
    }

    /** Stops every process this started, by process id. */
    @Override
    public void close() {
        started.values().forEach(processes -> processes.forEach(MemcachedProcess::close));
    }

    /**
     * How many memcached processes a workload runs against, and the arguments they need beyond the
     * harness's {@code -t} and {@code -m} (such as {@code -I 2m} for values of 1 MiB).
     */
    record Setup(int count, List<String> arguments) {
        /** One memcached with the harness's settings. */
        static final Setup DEFAULT = new Setup(1, List.of());

        Setup {
            if (count < 1) {
                throw new IllegalArgumentException("a setup needs at least one server, not " + count);
            }
            arguments = List.copyOf(arguments);
        }
    }
}
