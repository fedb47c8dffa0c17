#!/usr/bin/env bash
# Container health check: exits 0 when GET /actuator/health/readiness on 127.0.0.1:$1 answers 200 (readiness UP), else 1.
# Plain bash (/dev/tcp), so the image needs no curl or wget.
set -u
port="${1:?usage: ready.sh PORT}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 4 status <&3 || exit 1
exec 3<&-
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) exit 1 ;;
esac
