package io.memcached4j.benchmarks;

/**
 * What one run measured; the percentiles are -1 for workloads that do not time round trips,
 * and {@code cpuNanosPerOp} is the client JVM's CPU time per operation.
 */
record Measurement(double opsPerSecond, long operations, long misses, long errors, long p50Nanos, long p99Nanos,
                   double cpuNanosPerOp, Throwable firstError) {
}
