#!/usr/bin/env bash
# Fault injection against a release gateway (issue 17). Three runs, one table:
#
#   redis-kill     reads under wrk while the gateway's Redis (a redis-server of this script's
#                  own, on a free port) is killed with SIGKILL and started again
#   pg-terminate   reads under wrk while every backend of this script's own database
#                  (chaos_db, default i17_chaos) is terminated every 2 s (pg_terminate_backend
#                  ONLY for that database)
#   worker-kill    N webhook events delivered to a local receiver while the gateway (its
#                  dispatcher and workers) is killed with SIGKILL mid-delivery and restarted;
#                  lost = events never received
#
# Columns: requests, non-2xx, 5xx and of those 500 (wrk, counted per status by a Lua script),
# lost events.
# Usage: scripts/chaos.sh [seconds per load run (default 20)] [events (default 500)]
# GATEWAY_BIN=path skips the release build (e.g. a debug binary, figures then say so).
# A report, never a test assertion. Touches nothing but its own database, Redis and processes.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench-common.sh

DURATION="${1:-20}"
EVENTS="${2:-500}"
DB_NAME="${CHAOS_DB:-i17_chaos}"
# The database is dropped, recreated and has its backends terminated: never a shared one.
if ! [[ "$DB_NAME" =~ ^[a-z0-9_]*chaos[a-z0-9_]*$ ]]; then
  echo "CHAOS_DB must be [a-z0-9_] and contain 'chaos' (it is dropped, its backends terminated)" >&2
  exit 2
fi
DB_URL="postgres://postgres@127.0.0.1:5432/$DB_NAME"
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA)

if [ -z "${GATEWAY_BIN:-}" ]; then
  echo "building release gateway…" >&2
  nice -n 19 cargo build --release -q -p gateway
  GATEWAY_BIN="${CARGO_TARGET_DIR:-target}/release/gateway"
fi
BIN="$GATEWAY_BIN"

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null

RPORT=$(free_port)
start_redis() {
  redis-server --port "$RPORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    >"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  PIDS+=("$REDIS_PID")
  for _ in $(seq 1 50); do redis-cli -p "$RPORT" ping >/dev/null 2>&1 && return; sleep 0.1; done
}
start_redis

PORT=$(free_port)
start_gateway() { # start_gateway LOGNAME
  DATABASE_URL="$DB_URL" REDIS_URL="redis://127.0.0.1:$RPORT" BIND_ADDR="127.0.0.1:$PORT" \
    WEBHOOK_ALLOW_PRIVATE_TARGETS=true RUST_LOG=warn "$BIN" serve --demo \
    >>"$WORK/$1.out" 2>>"$WORK/$1.err" &
  GW_PID=$!
  PIDS+=("$GW_PID")
  wait_healthz "$PORT" 300 0.1 && return
  echo "gateway did not start" >&2; cat "$WORK/$1.err" >&2; exit 1
}
start_gateway gateway
TENANT=$(grep -o 'id [0-9a-f-]\{36\}' "$WORK/gateway.out" | head -1 | cut -d' ' -f2)
KEY=$(DATABASE_URL="$DB_URL" RUST_LOG=error "$BIN" keys create --tenant "$TENANT" --name "chaos-$(date +%s%N)" \
  --permissions all --per-minute 1000000000 --per-hour 1000000000 --per-day 1000000000 2>/dev/null)
curl -sf "http://127.0.0.1:$PORT/api/partner/v1/me" -H "X-Partner-Api-Key: $KEY" >/dev/null

cat >"$WORK/count.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0; err5xx = 0; err500 = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
  if status >= 500 then err5xx = err5xx + 1 end
  if status == 500 then err500 = err500 + 1 end
end
function done(summary, latency, requests)
  local n, f, i = 0, 0, 0
  for _, t in ipairs(threads) do
    n = n + t:get("non2xx"); f = f + t:get("err5xx"); i = i + t:get("err500")
  end
  io.write(string.format("CHAOS %d %d %d %d\n", summary.requests, n, f, i))
end
LUA

load() { # load -> "requests non2xx 5xx 500"
  wrk -t2 -c32 -d"${DURATION}s" -s "$WORK/count.lua" -H "X-Partner-Api-Key: $KEY" \
    "http://127.0.0.1:$PORT/api/partner/v1/vehicles?limit=5" | awk '/^CHAOS/ {print $2, $3, $4, $5}'
}

declare -A ROW

# --- Redis killed under load --------------------------------------------------------------
echo "redis-kill: ${DURATION}s of reads, Redis SIGKILLed at 1/4, restarted at 1/2…" >&2
load >"$WORK/redis.res" &
LOAD=$!
sleep $((DURATION / 4)); kill -9 "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true
sleep $((DURATION / 4)); start_redis
wait "$LOAD"
ROW[redis-kill]="$(cat "$WORK/redis.res") -"

# --- Postgres backends terminated under load ----------------------------------------------
echo "pg-terminate: ${DURATION}s of reads, every backend of $DB_NAME terminated every 2 s…" >&2
load >"$WORK/pg.res" &
LOAD=$!
TERMINATED=0
for _ in $(seq 1 $((DURATION / 2 - 1))); do
  sleep 2
  n=$("${PSQL[@]}" -d postgres -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$DB_NAME' AND pid <> pg_backend_pid()")
  TERMINATED=$((TERMINATED + n))
done
wait "$LOAD"
ROW[pg-terminate]="$(cat "$WORK/pg.res") -"

# --- webhook worker killed mid-delivery ----------------------------------------------------
echo "worker-kill: $EVENTS events, gateway SIGKILLed mid-delivery and restarted…" >&2
RECV_PORT=$(free_port)
start_receiver "$RECV_PORT" "$WORK/arrivals" --delay 0.005 2>"$WORK/receiver.err"
PIDS+=("$RECEIVER_PID")
SUB=$(curl -sf "http://127.0.0.1:$PORT/api/partner/v1/me" -H "X-Partner-Api-Key: $KEY" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["subaccounts"][0]["id"])')
curl -sf "http://127.0.0.1:$PORT/api/partner/v1/webhooks" -H "X-Partner-Api-Key: $KEY" \
  -H 'Content-Type: application/json' \
  -d "{\"url\":\"http://127.0.0.1:$RECV_PORT/hook\",\"events\":[\"customer.updated\"],\"subaccount_id\":\"$SUB\"}" >/dev/null
DATA='{"customer_id":"0193e0b5-c2a8-7f3b-9d4e-5f60718293a5","customer_number":1,"email":"r@example.com","name":"Ada","phone":null,"status":"active","blocked_reason":null,"subaccount_id":"'"$SUB"'","metadata":{},"updated_at":"2025-01-15T10:30:00Z"}'
"${PSQL[@]}" -d "$DB_NAME" -c "INSERT INTO events (id, tenant_id, subaccount_id, event_type, data)
  SELECT gen_random_uuid(), '$TENANT', '$SUB', 'customer.updated', '$DATA'::jsonb FROM generate_series(1, $EVENTS)" >/dev/null
for _ in $(seq 1 200); do [ "$(wc -l <"$WORK/arrivals")" -ge $((EVENTS / 4)) ] && break; sleep 0.05; done
kill -9 "$GW_PID"; wait "$GW_PID" 2>/dev/null || true
KILLED_AT=$(wc -l <"$WORK/arrivals")
start_gateway restarted
for _ in $(seq 1 1200); do
  [ "$(sort -u "$WORK/arrivals" | wc -l)" -ge "$EVENTS" ] && break; sleep 0.1
done
UNIQUE=$(sort -u "$WORK/arrivals" | wc -l)
TOTAL=$(wc -l <"$WORK/arrivals")
ROW[worker-kill]="$EVENTS - - - $((EVENTS - UNIQUE))"

kill -TERM "$GW_PID"; wait "$GW_PID" 2>/dev/null || true
WARNS=$(grep -c ' WARN ' "$WORK/restarted.err" || true)

printf '\n%-13s %10s %8s %6s %6s %6s\n' run requests non-2xx 5xx "of 500" lost
for r in redis-kill pg-terminate worker-kill; do
  # shellcheck disable=SC2086
  printf '%-13s %10s %8s %6s %6s %6s\n' "$r" ${ROW[$r]}
done
echo
echo "pg-terminate: $TERMINATED backends terminated; worker-kill: killed after $KILLED_AT arrivals, $TOTAL arrivals in all ($((TOTAL - UNIQUE)) duplicates)"
echo "warnings logged by the restarted gateway (worker-kill, then SIGTERM): $WARNS"
echo "binary: $BIN"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null
