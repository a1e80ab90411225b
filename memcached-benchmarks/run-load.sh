#!/usr/bin/env bash
# Runs the load benchmark of memcached4j (with and without its metrics) against spymemcached,
# xmemcached, Folsom and the "limit" driver, on real memcached processes started by the harness
# (memcached must be on the PATH): one, or as many as the chosen workloads need (8, 50).
#
#   memcached-benchmarks/run-load.sh [--clients memcached4j,folsom] [--workloads sync-1t] \
#       [--repetitions 3] [--warmup 5] [--duration 5] [--memcached-threads 2] ...
#   memcached-benchmarks/run-load.sh --workloads growth --clients memcached4j,spymemcached,xmemcached,folsom,limit \
#       --repetitions 1 --warmup 2 --duration 3      # the four "how cost grows" tables
#
# --workloads takes workload names and sets: main, growth, value-size, multiget-keys, connections, servers.
# --tls both (or yes) also runs the clients that have TLS over TLS, on the main workloads only, against
# one more memcached started with -Z, and prints the TLS ÷ plain table (the median of --repetitions
# pairs, each repetition's ratio beside it); its default clients add aws-spymemcached, the AWS fork of
# spymemcached, which the build copies to memcached-benchmarks/target/aws-spymemcached/ and each run
# loads with a class loader of its own (it ships its own copy of spymemcached's classes).
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
