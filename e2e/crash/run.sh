#!/usr/bin/env bash
# The crash tests (kill -9 and projector fault injection) with the official socket.io-client against the standalone
# jar. Each test file starts its own stack (own free loopback ports, own temp DATA_DIR) and kills it however it ends.
# SWITCHBOARD_JAR picks the jar (default ../standalone/target/switchboard-standalone.jar, relative to e2e/); the other
# knobs (CRASH_ROUNDS, CRASH_PAIRS, CRASH_SEED, CRASH_FAULTS, ...) are described at the top of each test file.
# Arguments replace the default test files, e.g. `bash crash/run.sh crash/kill9.test.mjs`.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
E2E="$(cd "$HERE/.." && pwd)"
JAR="${SWITCHBOARD_JAR:-$E2E/../standalone/target/switchboard-standalone.jar}"
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -DskipTests package first, or set SWITCHBOARD_JAR" >&2; exit 1; }
export SWITCHBOARD_JAR="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"
cd "$E2E"
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error

if [ "$#" -gt 0 ]; then files=("$@"); else files=(crash/*.test.mjs); fi
# node in a process group of its own, so that whatever is left of it (a stack the test runner could not kill) is
# killed by that group's id when this script ends, however it ends
SETSID=$(command -v setsid || true)   # util-linux; without it, the test files' own exit handlers still kill the stacks
$SETSID node --test --test-concurrency=1 --test-force-exit --test-reporter=spec "${files[@]}" &
NODE_PID=$!
cleanup() { kill -KILL -- "-$NODE_PID" 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
set +e
wait "$NODE_PID"
status=$?
set -e
exit $status
