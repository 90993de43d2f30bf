#!/bin/sh
# Start-up of the packaged application to its first pass, and its resident memory after that pass:
# see docs/benchmarks.md. Usage: bench/startup.sh [spec path]   (default: the example specs)
# Needs target/quarkus-app (./mvnw package -DskipTests) and moto_server on the PATH. JAVA_OPTS replaces
# the JVM options, which default to the image's (bench/jvm-options.sh).
set -eu
cd "$(dirname "$0")/.."
. bench/jvm-options.sh
java_opts=${JAVA_OPTS:-$(image_jvm_options)}
# an AppCDS archive, when the package made one (-Dquarkus.package.jar.appcds.enabled=true)
[ -f target/quarkus-app/app-cds.jsa ] && java_opts="$java_opts -XX:SharedArchiveFile=target/quarkus-app/app-cds.jsa"
specs=${1:-specs}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p target/bench
log=target/bench/startup-$(date -u +%Y%m%dT%H%M%SZ).log
moto_server -H 127.0.0.1 -p "$port" > target/bench/startup-moto.log 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null; [ -n "${app:-}" ] && kill $app 2>/dev/null' EXIT INT TERM
until curl -s "http://127.0.0.1:$port/moto-api/" > /dev/null; do sleep 0.2; done
echo "BENCH machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
start=$(date +%s%N)
AWS_ACCESS_KEY_ID=converge-bench AWS_SECRET_ACCESS_KEY=converge-bench \
  CONVERGE_AWS_ENDPOINT="http://127.0.0.1:$port" CONVERGE_SPECS_PATH="$specs" CONVERGE_LEASE_ENABLED=false \
  QUARKUS_HTTP_PORT=0 QUARKUS_MANAGEMENT_PORT=0 \
  java $java_opts -jar target/quarkus-app/quarkus-run.jar serve > "$log" 2>&1 &
app=$!
# each environment's first pass ends with one "pass over <env> (revision …)" line saying how long it took
done_line='pass over [^ ]* (revision'
until grep -q "$done_line" "$log"; do
  kill -0 $app 2>/dev/null || { echo "the application exited:"; tail -5 "$log"; exit 1; }
  sleep 0.1
done
ended=$(date +%s%N)
line=$(grep -m1 "$done_line" "$log")
pass_ms=$(echo "$line" | sed -E 's/.* ([0-9]+) ms$/\1/')
started=$(grep -m1 -o 'started in [0-9.]*s' "$log" || echo "started in ?")
echo "BENCH packaged app: Quarkus $started; first pass began $(( (ended - start) / 1000000 - pass_ms )) ms after launch (it took $pass_ms ms; converge.first-pass-delay is 1 s)"
echo "BENCH packaged app: resident memory after the first pass $(awk '/^VmRSS:/ {print int($2/1024)}' /proc/$app/status) MiB (peak $(awk '/^VmHWM:/ {print int($2/1024)}' /proc/$app/status) MiB), $java_opts"
