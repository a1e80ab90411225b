#!/usr/bin/env bash
# Measures two of the load harness's clients against each other on its workloads: A (the baseline)
# and B in two JVMs that take short turns (ABBA BAAB...) against one memcached the harness starts, so
# that the machine's slow changes of speed hit both alike. Prints a markdown table per workload (B ÷ A
# of the totals, medians of the pairs, pairs within the targets, whether the totals met them), also
# written to memcached-benchmarks/target/turns.md.
#
#   memcached-benchmarks/run-turns.sh --clients limit,memcached4j [--ops-floor 0.9] [--cpu-ceiling 1.25] \
#       [--workloads async-256,sync-1t,sync-4t,multiget-100] [--pairs 100] [--jvm-pairs 4] [--turn 0.5] \
#       [--warmup 5] [--memcached-threads 2] ...
#
# The targets: B's ops/s at least --ops-floor times A's, its CPU per operation at most --cpu-ceiling
# times A's (both 1.0 when not given). The pairs of turns are shared among --jvm-pairs pairs of JVMs,
# started one after the other (which one first alternates): one JVM's luck (its compiled code, its
# memory layout) moves a pair's ratio by a few percent.
#
# Builds the modules it needs (tests skipped; set MVN_FLAGS=-o to stay offline), then runs
# io.memcached4j.benchmarks.TurnsRun.
set -euo pipefail
cd "$(dirname "$0")/.."
cp="$(memcached-benchmarks/classpath.sh)"
exec java -Xmx256m -cp "$cp" io.memcached4j.benchmarks.TurnsRun \
    --logs memcached-benchmarks/target/turns-logs \
    --output memcached-benchmarks/target/turns.md \
    --command "memcached-benchmarks/run-turns.sh${*:+ $*}" \
    "$@"
