#!/usr/bin/env bash
# Webhook delivery benchmark: a release `gateway serve --demo` with its webhook workers, one
# endpoint pointing at a local receiver (Python standard library, HTTP/1.1 keep-alive,
# answers 200 at once), and events written straight into the outbox.
#
#   throughput  N events committed in one transaction; deliveries/s = N / (last arrival -
#               commit). Every delivery is signed, POSTed, and recorded (attempt row).
#   latency     M events committed one by one (~50/s); per event the time from its commit
#               (events.created_at, autocommit) to its arrival at the receiver; p50/p99.
#
# Usage: scripts/bench-webhooks.sh [N events (default 5000)] [workers (default 2)] [M (default 300)]
# BENCH_GATEWAY_BIN=path runs that gateway binary instead of building one.
# A report, never a test assertion.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench-common.sh

N="${1:-5000}"
WORKERS="${2:-2}"
M="${3:-300}"
DB_NAME="fleetgate_bench_webhooks"
DB_URL="postgres://postgres@127.0.0.1:5432/$DB_NAME"
PSQL=(psql -h 127.0.0.1 -U postgres -d "$DB_NAME" -v ON_ERROR_STOP=1 -qtA)

pg_isready -h 127.0.0.1 -p 5432 >/dev/null || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
psql -h 127.0.0.1 -U postgres -qtA -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null

if [ -z "${BENCH_GATEWAY_BIN:-}" ]; then
  echo "building release gateway…" >&2
  cargo build --release -q -p gateway
fi
BIN="${BENCH_GATEWAY_BIN:-${CARGO_TARGET_DIR:-target}/release/gateway}"

PORT=$(free_port); RPORT=$(free_port)
WORK=$(mktemp -d)
cleanup() {
  for p in ${PID:-} ${RPID:-}; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The receiver: one line "<event_id> <unix seconds>" per request.
start_receiver "$RPORT" "$WORK/arrivals" --timestamps
RPID=$RECEIVER_PID

DATABASE_URL="$DB_URL" BIND_ADDR="127.0.0.1:$PORT" WEBHOOK_ALLOW_PRIVATE_TARGETS=true \
  WEBHOOK_WORKERS="$WORKERS" RUST_LOG=warn "$BIN" serve --demo >"$WORK/out" 2>"$WORK/err" &
PID=$!
wait_healthz "$PORT" || true
KEY=$(grep -o -m1 'lf_pk_[A-Za-z0-9]\+' "$WORK/out")
ME=$(curl -sf "http://127.0.0.1:$PORT/api/partner/v1/me" -H "X-Partner-Api-Key: $KEY")
TENANT=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["tenant"]["id"])' <<<"$ME")
SUB=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["subaccounts"][0]["id"])' <<<"$ME")
curl -sf "http://127.0.0.1:$PORT/api/partner/v1/webhooks" -H "X-Partner-Api-Key: $KEY" \
  -H 'Content-Type: application/json' \
  -d "{\"url\":\"http://127.0.0.1:$RPORT/hook\",\"events\":[\"customer.updated\"],\"subaccount_id\":\"$SUB\"}" >/dev/null

DATA='{"customer_id":"0193e0b5-c2a8-7f3b-9d4e-5f60718293a5","customer_number":12345,"email":"rider@example.com","name":"Ada","phone":null,"status":"active","blocked_reason":null,"subaccount_id":"'"$SUB"'","metadata":{"tier":"gold"},"updated_at":"2025-01-15T10:30:00Z","score":5.0}'

wait_for() { # wait_for COUNT SECONDS
  local deadline=$((SECONDS + $2))
  while [ "$(wc -l <"$WORK/arrivals")" -lt "$1" ]; do
    [ $SECONDS -lt $deadline ] || { echo "only $(wc -l <"$WORK/arrivals") of $1 deliveries arrived" >&2; exit 1; }
    sleep 0.1
  done
}

# --- throughput ---------------------------------------------------------------------------
echo "throughput: $N events in one transaction, $WORKERS workers…" >&2
T0=$("${PSQL[@]}" <<SQL
INSERT INTO events (id, tenant_id, subaccount_id, event_type, data)
SELECT gen_random_uuid(), '$TENANT', '$SUB', 'customer.updated', '$DATA'::jsonb FROM generate_series(1, $N);
SELECT extract(epoch FROM clock_timestamp());
SQL
)
wait_for "$N" 600
LAST=$(awk 'NR==1 || $2>m {m=$2} END {print m}' "$WORK/arrivals")
FIRST=$(awk 'NR==1 || $2<m {m=$2} END {print m}' "$WORK/arrivals")
cp "$WORK/arrivals" "$WORK/arrivals.throughput"
: >"$WORK/arrivals"

# --- latency ------------------------------------------------------------------------------
echo "latency: $M events committed one by one…" >&2
{
  for _ in $(seq 1 "$M"); do
    echo "INSERT INTO events (id, tenant_id, subaccount_id, event_type, data) VALUES (gen_random_uuid(), '$TENANT', '$SUB', 'customer.updated', '$DATA'::jsonb);"
    echo "SELECT pg_sleep(0.02);"
  done
} | "${PSQL[@]}" >/dev/null
wait_for "$M" 120
"${PSQL[@]}" -c "SELECT 'evt_' || replace(id::text, '-', ''), extract(epoch FROM created_at) FROM events WHERE created_at > to_timestamp($LAST)" >"$WORK/commits"

python3 - "$N" "$T0" "$FIRST" "$LAST" "$WORK/commits" "$WORK/arrivals" "$WORKERS" <<'PY'
import sys
n, t0, first, last = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
commits = dict(l.strip().split("|") for l in open(sys.argv[5]) if "|" in l)
arrivals = {}
for l in open(sys.argv[6]):
    eid, at = l.split()
    arrivals.setdefault(eid, float(at))
lat = sorted((arrivals[e] - float(c)) * 1000 for e, c in commits.items() if e in arrivals)
pct = lambda p: lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))]
print(f"\nthroughput: {n} deliveries in {last - t0:.2f} s after commit = {n / (last - t0):.0f} deliveries/s "
      f"(first arrival {1000 * (first - t0):.0f} ms after commit; {sys.argv[7]} workers)")
print(f"latency commit -> first attempt over {len(lat)} events: p50 {pct(50):.1f} ms, p99 {pct(99):.1f} ms, max {lat[-1]:.1f} ms")
PY
