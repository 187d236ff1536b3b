#!/usr/bin/env bash
# Stops the nodes scripts/opensearch/start.sh started (by the pid each wrote), waiting until each has exited.
# Their data stays under .opensearch/node-*/data; `--clean` removes it.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD/.opensearch"
for pidfile in "$ROOT"/node-*/pid; do
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    echo "== stopping $(basename "$(dirname "$pidfile")") (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$pidfile"
done
if [ "${1:-}" = "--clean" ]; then rm -rf "$ROOT"/node-*; fi
