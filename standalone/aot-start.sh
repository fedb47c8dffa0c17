#!/usr/bin/env bash
# Starts the standalone stack on JDK 25 with an ahead-of-time cache (JEP 483/514/515): classes already loaded and
# linked, and method profiles from a training run, so the first minute after a (re)start is close to warm
# (docs/BENCHMARKS.md, "The first minute"). The same jar as `java -jar standalone/target/switchboard-standalone.jar`,
# the same settings (environment variables); only the JVM and how it starts differ.
#
#   mvn -q -DskipTests package && bash standalone/aot-start.sh
#
# Arguments go to the jar, so the log tools start the same way and with the same cache (its classes and profiles cover
# the projector's code, which the stack runs in-process): a rebuild starts with its classes loaded and linked and the
# JIT's profiles at hand. What that buys is measured in docs/BENCHMARKS.md, section 6.
#   bash standalone/aot-start.sh rebuild --into switchboard_rebuilt --verify
#
# The cache belongs to one build and one JDK: the first start after a build trains it (about 2 minutes: the jar is
# extracted, a throwaway stack with its own data directory and ports gets the benchmark's warm-up, chat and
# notification traffic, and the cache is written when it stops), later starts reuse it.
#   --train-only   train (if needed) and exit
#   JAVA25=/path/to/java   a JDK 25 or newer (default: java on the PATH if it is 25+, else /usr/lib/jvm/*-25-*)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/standalone/target/switchboard-standalone.jar"
AOT="$ROOT/standalone/target/aot"

java_feature() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
JAVA25="${JAVA25:-}"
if [ -z "$JAVA25" ]; then
  if command -v java >/dev/null && [ "$(java_feature java)" -ge 25 ] 2>/dev/null; then
    JAVA25=java
  else
    JAVA25="$(ls -d /usr/lib/jvm/*-25-*/bin/java 2>/dev/null | head -1 || true)"
  fi
fi
if [ -z "$JAVA25" ] || ! [ "$(java_feature "$JAVA25")" -ge 25 ] 2>/dev/null; then
  echo "aot-start: needs a JDK 25 or newer (set JAVA25=/path/to/bin/java); or start with java -jar $JAR" >&2
  exit 2
fi
if [ ! -f "$JAR" ]; then
  echo "aot-start: $JAR is missing; build it first: mvn -q -DskipTests package" >&2
  exit 2
fi

# the build and the JDK the cache was made for; a cache from another one is not used
stamp="$(sha256sum "$JAR" | cut -c1-32) $("$JAVA25" -version 2>&1 | tr '\n' ' ')"
if [ "$(cat "$AOT/stamp" 2>/dev/null)" != "$stamp" ] || [ ! -f "$AOT/switchboard.aot" ]; then
  echo "aot-start: training the ahead-of-time cache for this build (about 2 minutes, once per build)" >&2
  rm -rf "$AOT"
  mkdir -p "$AOT"
  "$JAVA25" -Djarmode=tools -jar "$JAR" extract --destination "$AOT/app" >/dev/null
  (cd "$ROOT" && mvn -q -B -o -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt 2>/dev/null \
    || mvn -q -B -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
  # the bench starts the throwaway stack (its own DATA_DIR and free ports) with these, drives traffic, then stops it
  # with SIGTERM: the JVM writes the cache as it exits
  BENCH_STACK_JAVA="$JAVA25" BENCH_STACK_JAR="$AOT/app/switchboard-standalone.jar" \
  BENCH_STACK_JAVA_OPTS="-XX:AOTCacheOutput=$AOT/switchboard.aot -Xlog:aot=error" \
    java -cp "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")" dev.switchboard.bench.BenchMain "$ROOT" \
      --only=warmup,latency,services --warmup=200@30 --idle-seconds=1 --rates=200,1000 > "$AOT/training.log" 2>&1 \
    || { echo "aot-start: the training run failed, see $AOT/training.log" >&2; exit 1; }
  [ -f "$AOT/switchboard.aot" ] || { echo "aot-start: no cache was written, see $AOT/training.log" >&2; exit 1; }
  echo "$stamp" > "$AOT/stamp"
  echo "aot-start: cache written ($(du -h "$AOT/switchboard.aot" | cut -f1))" >&2
fi
if [ "${1:-}" = "--train-only" ]; then
  exit 0
fi
# the JVM's own warnings go to stderr, not stdout, where `export` writes its JSON Lines; JDK 25's notes on cached
# adapters it could not link (harmless: they are made again) are left out
exec "$JAVA25" -Xlog:disable -Xlog:all=warning,aot*=error:stderr -XX:AOTCache="$AOT/switchboard.aot" \
  -jar "$AOT/app/switchboard-standalone.jar" "$@"
