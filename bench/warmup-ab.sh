#!/usr/bin/env bash
# A/B of JVM settings for the stack's first minute: runs the warm-up scenario (first-minute p50 from launch, then
# the same rate once warm, then idle CPU) on a fresh stack per run, ROUNDS rounds over the variants in turn, and
# prints first-minute p50, warm p50, their ratio and idle CPU per run. Needs the jars (bash bench/run.sh builds them,
# or mvn -q -DskipTests package) and a quiet machine; about 3 minutes per run.
#   bash bench/warmup-ab.sh                 # the default variants, 3 rounds
#   ROUNDS=5 bash bench/warmup-ab.sh "jdk17|java|" "c1-only|java|-XX:TieredStopAtLevel=1"
# WARMUP_ARGS adds bench options (e.g. "--warmup=100@20 --idle-seconds=5" for a quick check of the script).
# A variant is NAME|JAVA|OPTIONS[|JAR] (JAVA: a java binary; OPTIONS: the stack's JVM options, space-separated; JAR:
# another build or form of the stack's jar). With a cache trained by standalone/aot-start.sh, the default variants
# include that start: the extracted jar on JDK 25 with -XX:AOTCache.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
JDK25=$(ls -d /usr/lib/jvm/*-25-* 2>/dev/null | head -1 || true)
if [ "$#" -gt 0 ]; then variants=("$@"); else
  variants=("jdk17|java|" "jdk17-threshold-0.2|java|-XX:CompileThresholdScaling=0.2")
  [ -n "$JDK25" ] && variants+=("jdk25|$JDK25/bin/java|")
  AOT="$ROOT/standalone/target/aot"
  [ -f "$AOT/switchboard.aot" ] && [ -n "$JDK25" ] \
    && variants+=("jdk25-aot-start|$JDK25/bin/java|-XX:AOTCache=$AOT/switchboard.aot|$AOT/app/switchboard-standalone.jar")
fi
ROUNDS="${ROUNDS:-3}"
mvn -q -B -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
ulimit -n "$(ulimit -Hn)"
OUT="$(mktemp -d -t switchboard-warmup-ab-XXXXXX)"
printf '%-24s %5s %14s %10s %7s %10s\n' variant round first-min-p50 warm-p50 ratio idle-cpu%
for round in $(seq 1 "$ROUNDS"); do
  for variant in "${variants[@]}"; do
    IFS='|' read -r name javabin opts jar <<<"$variant"
    log="$OUT/$name-$round.log"
    BENCH_STACK_JAVA="$javabin" BENCH_STACK_JAVA_OPTS="$opts" BENCH_STACK_JAR="${jar:-}" java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
      dev.switchboard.bench.BenchMain "$ROOT" --only=warmup ${WARMUP_ARGS:-} > "$log" 2>&1 || { echo "$name round $round failed, see $log"; continue; }
    results="$(sed -n 's/.*report of these scenarios in \(.*\)\/docs$/\1/p' "$log")/docs/bench/results.json"
    node -e '
      const r = require(process.argv[1]).warmup;
      console.log(process.argv[2].padEnd(24), process.argv[3].padStart(5), String(r.firstMinute.deliveryMs.p50).padStart(14),
        String(r.steady.deliveryMs.p50).padStart(10), String(r.firstMinuteToSteadyP50).padStart(7), String(r.idle.switchboardCpuPercent).padStart(10));
    ' "$results" "$name" "$round"
  done
done
echo "logs in $OUT"
