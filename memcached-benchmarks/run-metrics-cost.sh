#!/usr/bin/env bash
# Measures what the Micrometer metrics cost on the load harness's workloads: memcached4j and
# memcached4j-metrics in two JVMs that take short turns (ABBA BAAB...) against one memcached the
# harness starts, so that the machine's slow changes of speed hit both alike. Prints a markdown
# table per workload (ratios of the totals, medians of the pairs, pairs under 5%), also written to
# memcached-benchmarks/target/metrics-cost.md.
#
#   memcached-benchmarks/run-metrics-cost.sh [--workloads async-256,sync-1t,sync-4t,multiget-100] \
#       [--pairs 100] [--jvm-pairs 8] [--turn 0.5] [--warmup 10] [--memcached-threads 2] [--control yes] ...
#
# The pairs of turns are shared among --jvm-pairs pairs of JVMs, started one after the other (which
# one first alternates): one JVM's luck (its compiled code, its memory layout) moves a pair's ratio
# by a few percent.
# --control yes runs memcached4j against itself (no metrics on either side): what the method reads
# when nothing differs, to set beside the metrics' ratios.
#
# Builds the modules it needs (tests skipped; set MVN_FLAGS=-o to stay offline), then runs
# io.memcached4j.benchmarks.MetricsCostRun.
set -euo pipefail
cd "$(dirname "$0")/.."
cp="$(memcached-benchmarks/classpath.sh)"
exec java -Xmx256m -cp "$cp" io.memcached4j.benchmarks.MetricsCostRun \
    --logs memcached-benchmarks/target/metrics-cost-logs \
    --output memcached-benchmarks/target/metrics-cost.md \
    --command "memcached-benchmarks/run-metrics-cost.sh${*:+ $*}" \
    "$@"
