#!/usr/bin/env bash
# Runs the load benchmark of memcached4j against spymemcached, xmemcached, Folsom and the
# "limit" driver, on one real memcached started by the harness (memcached must be on the PATH).
#
#   memcached-benchmarks/run-load.sh [--clients memcached4j,folsom] [--workloads sync-1t] \
#       [--repetitions 3] [--warmup 2] [--duration 5] [--memcached-threads 2] ...
#
# Builds the modules it needs (tests skipped; set MVN_FLAGS=-o to stay offline), then runs
# io.memcached4j.benchmarks.LoadHarness, which starts one JVM per client and workload and
# prints a markdown table; it is also written to memcached-benchmarks/target/load-results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cp="$(memcached-benchmarks/classpath.sh)"
exec java -Xmx256m -cp "$cp" io.memcached4j.benchmarks.LoadHarness \
    --logs memcached-benchmarks/target/load-logs \
    --output memcached-benchmarks/target/load-results.md \
    --command "memcached-benchmarks/run-load.sh${*:+ $*}" \
    "$@"
