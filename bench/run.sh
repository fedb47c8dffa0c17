#!/usr/bin/env bash
# The benchmark command: builds what it needs, then runs every scenario (short version by default, about
# 28 minutes, 35 with the AOT start measured too; pass --full for longer runs) and writes docs/BENCHMARKS.md and docs/bench/results.json.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# the jars and the bench's classpath from this checkout's own build (never from ~/.m2, which may hold an older build)
mvn -q -B -DskipTests package
for peer in bench/node-peer bench/seed-peer; do
  (cd "$peer" && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; })
done
ulimit -n "$(ulimit -Hn)"   # as many sockets as this machine allows (20,000 here)
mvn -q -B -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
# With a JDK 25 on the machine, the first minute is measured a second time on a stack started with
# `bash standalone/aot-start.sh`, and the rebuild runs once more through `standalone/aot-start.sh rebuild`, then once
# more with java -jar; BENCH_AOT=0 leaves them out. The script's cache is trained for this build here, first (about 2
# minutes, once per build), so that the bench times the script's start, checks included, and not a training run.
if [ "${BENCH_AOT:-1}" != 0 ] && bash standalone/aot-start.sh --train-only; then
  export BENCH_AOT_START="$ROOT/standalone/aot-start.sh"
fi
exec java -Xmx6g -Dbench.connections="${BENCH_CONNECTIONS:-18000}" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  dev.switchboard.bench.BenchMain "$ROOT" "$@"
