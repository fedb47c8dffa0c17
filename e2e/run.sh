#!/usr/bin/env bash
# Starts the standalone jar on free loopback ports with a fresh data directory, measures how long until it
# accepts its first socket, runs the socket.io-client suite against it, and always stops it.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
JAR="$ROOT/standalone/target/switchboard-standalone.jar"
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -DskipTests package first" >&2; exit 1; }
cd "$HERE"
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
WORK="$(mktemp -d -t switchboard-e2e-XXXXXX)"
export SOCKET_PORT=$(free_port) HTTP_PORT=$(free_port) PROJECTOR_HTTP_PORT=$(free_port) KAFKA_PORT=$(free_port) KAFKA_CONTROLLER_PORT=$(free_port) MONGO_PORT=$(free_port)
export DATA_DIR="$WORK/data" JWT_SECRET="$(node -e "console.log(require('crypto').randomBytes(32).toString('hex'))")"
export GATEWAY_ID=e2e-gateway GATEWAY_HEARTBEAT_MS=500 GATEWAY_EXPIRY_MS=3000 SOCKET_HOST=127.0.0.1

export STACK_LAUNCHED_AT_MS="$(date +%s%3N)"
java -jar "$JAR" > "$WORK/stack.log" 2>&1 &
STACK_PID=$!
status=1
cleanup() {
  kill "$STACK_PID" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$STACK_PID" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$STACK_PID" 2>/dev/null || true
  if [ "$status" -ne 0 ]; then echo "---- stack log (tail) ----"; tail -n 60 "$WORK/stack.log"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export SOCKET_URL="http://127.0.0.1:$SOCKET_PORT" HTTP_URL="http://127.0.0.1:$HTTP_PORT"
node first-socket.mjs
set +e
# the glob, not the directory: node 20 would also run test/helpers.mjs as a test file
node --test --test-concurrency=1 --test-timeout=60000 --test-force-exit --test-reporter=spec test/*.test.mjs
status=$?
set -e
exit $status
