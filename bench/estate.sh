#!/bin/sh
# Synthetic estates converged against moto: see docs/benchmarks.md. Usage: bench/estate.sh [sizes] [cycles] [interval s]
# More system properties in BENCH_OPTS, e.g. BENCH_OPTS="-Destate.accounts=one -Destate.rate-limit=10000".
# The test JVM gets the image's JVM options in the chart's 512 MiB limit, so resident memory is comparable.
set -eu
cd "$(dirname "$0")/.."
. bench/jvm-options.sh
sizes=${1:-100,1000}
cycles=${2:-3}
interval=${3:-15}
out=target/bench/estate-$(date -u +%Y%m%dT%H%M%SZ).txt
mkdir -p target/bench
machine() {
  echo "BENCH machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
{
  machine
  ./mvnw -B -q test -Dexcluded.groups= -Dgroups=benchmark -Dtest=EstateBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Destate.sizes="$sizes" -Destate.cycles="$cycles" -Destate.interval="$interval" \
    -DargLine="$(image_jvm_options)" ${BENCH_OPTS:-}
  machine
} 2>&1 | grep --line-buffered -a '^BENCH\|ERROR\|FAIL' | tee "$out"
echo "written to $out"
