#!/usr/bin/env bash
# Builds memcached-benchmarks and the modules it needs (tests skipped; set MVN_FLAGS=-o to stay
# offline) and prints the class path to run its programs with. Run from the repository root.
set -euo pipefail
mvn -B -q ${MVN_FLAGS:-} -pl memcached-benchmarks -am package dependency:build-classpath \
    -DskipTests -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >&2
echo "memcached-benchmarks/target/classes:$(cat memcached-benchmarks/target/classpath.txt)"
