#!/usr/bin/env bash
# Starts a real `gateway serve --demo` on a free loopback port with its own (dropped first)
# database, exports FLEETGATE_URL / FLEETGATE_KEY (the demo's live all-permissions key) and
# runs the given command against it; always stops the server.
#
#   bash sdks/run-against-demo.sh <command…>        e.g. (cd sdks/typescript && npm test)
#
# Environment: GATEWAY (default target/debug/gateway, built by the caller),
# SDK_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/fleetgate_ci_sdk), REDIS_URL
# (default: unset = in-process limiter). Webhooks may target 127.0.0.1 (test receivers).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GATEWAY="${GATEWAY:-$ROOT/target/debug/gateway}"
DB_URL="${SDK_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/fleetgate_ci_sdk}"
DB_NAME="${DB_URL##*/}"
[[ "$DB_NAME" =~ ^[A-Za-z0-9_]+$ ]] || { echo "odd database name $DB_NAME" >&2; exit 1; }
[[ -x "$GATEWAY" ]] || { echo "no gateway binary at $GATEWAY (cargo build -p gateway)" >&2; exit 1; }
OUT="$ROOT/target/sdk-tests"
mkdir -p "$OUT"

psql -q -X -v ON_ERROR_STOP=1 "${DB_URL%/*}/postgres" -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
export FLEETGATE_URL="http://127.0.0.1:$PORT"

redis_env=(-u REDIS_URL)
[[ -n "${REDIS_URL:-}" ]] && redis_env=(REDIS_URL="$REDIS_URL")
env "${redis_env[@]}" DATABASE_URL="$DB_URL" BIND_ADDR="127.0.0.1:$PORT" \
  WEBHOOK_ALLOW_PRIVATE_TARGETS=true LOG_FORMAT=pretty NO_COLOR=1 RUST_LOG="${RUST_LOG:-warn}" \
  "$GATEWAY" serve --demo </dev/null >"$OUT/server.stdout.log" 2>"$OUT/server.stderr.log" &
SERVER_PID=$!
stop() {
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}
trap stop EXIT

FLEETGATE_KEY=""
for _ in $(seq 1 240); do
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 40 "$OUT/server.stderr.log" >&2; echo "gateway exited during start-up" >&2; exit 1; }
  if curl -fsS -o /dev/null --max-time 2 "$FLEETGATE_URL/healthz" 2>/dev/null; then
    FLEETGATE_KEY="$(grep -o -m1 'lf_pk_[A-Za-z0-9]\+' "$OUT/server.stdout.log" || true)"
    [[ -n "$FLEETGATE_KEY" ]] && break
  fi
  sleep 0.5
done
[[ -n "$FLEETGATE_KEY" ]] || { echo "the demo did not come up on $FLEETGATE_URL" >&2; exit 1; }
export FLEETGATE_KEY
echo "demo up on $FLEETGATE_URL (database $DB_NAME)"
"$@"
