package io.memcached4j.process;

import io.memcached4j.ServerAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * Several {@link MemcachedProcess}es with the defaults, started together and stopped together:
 * the servers of a multi-server test, which holds them in a static field that JUnit's
 * {@code @AutoClose} closes after the class: {@code SERVERS = MemcachedProcesses.start(3)}.
 */
public final class MemcachedProcesses implements AutoCloseable {
    private final List<MemcachedProcess> processes;
    private final List<ServerAddress> addresses;

    private MemcachedProcesses(List<MemcachedProcess> processes) {
        this.processes = List.copyOf(processes);
        this.addresses = processes.stream().map(MemcachedProcess::address).toList();
    }

    /**
     * Starts this many processes, each on a free loopback port; when one fails to start, those
     * already started are stopped.
     *
     * @param count at least 1
     * @return the running processes
     */
    public static MemcachedProcesses start(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        List<MemcachedProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                started.add(MemcachedProcess.start());
            }
        } catch (RuntimeException e) {
            started.forEach(MemcachedProcess::close);
            throw e;
        }
        return new MemcachedProcesses(started);
    }

    /**
     * @param index from 0, in start order
     * @return that process
     */
    public MemcachedProcess get(int index) {
        return processes.get(index);
    }

    /** @return the processes, in start order */
    public List<MemcachedProcess> processes() {
        return processes;
    }

    /** @return their addresses, in start order */
    public List<ServerAddress> addresses() {
        return addresses;
    }

    /** Stops every process ({@link MemcachedProcess#close()}). */
    @Override
    public void close() {
        processes.forEach(MemcachedProcess::close);
    }
}
