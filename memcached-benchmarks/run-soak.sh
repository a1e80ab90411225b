#!/usr/bin/env bash
# Runs the chaos soak: 8 threads of mixed operations per target, every value checked against its
# key, against a real memcached that is repeatedly paused, killed and restarted, and against the
# testkit's fake with random faults (memcached must be on the PATH).
#
#   memcached-benchmarks/run-soak.sh [--duration 600] [--threads 8] [--timeout-ms 1000] \
#       [--targets real,fake] [--seed N]
#
# Builds the modules it needs (tests skipped; set MVN_FLAGS=-o to stay offline), then runs
# io.memcached4j.benchmarks.soak.ChaosSoak, which prints a report (also written to
# memcached-benchmarks/target/soak-report.md) and exits with status 1 if any value went to the
# wrong key, any future outlived its timeout by more than 100 ms, or threads or file descriptors
# were left behind.
set -euo pipefail
cd "$(dirname "$0")/.."
cp="$(memcached-benchmarks/classpath.sh)"
exec java -Xmx512m -cp "$cp" \
    io.memcached4j.benchmarks.soak.ChaosSoak --report memcached-benchmarks/target/soak-report.md "$@"
