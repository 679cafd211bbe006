#!/usr/bin/env bash
# Benchmark of telematics ingest (issue: telematics, item 6). In ONE run, against one release
# gateway with Redis (rate limiter, live fan-out) and the request log on:
#   batch   POST /api/partner/v1/telematics/pings, 1 000 pings per request over 10 000
#           vehicles, one fix per vehicle per request (each request: one transaction with
#           archive insert, last-position update, derived events)     -> pings/s
#   batch10 the same with 100 vehicles x 10 consecutive 1-s fixes per request (a fleet
#           back-end uploading every 10 s)                             -> pings/s
#   single  POST /api/partner/v1/telematics/pings, one ping per request (micro-batched into
#           shared transactions, each answered after its commit), 64 connections, and again
#           with 256 (more devices reporting at once)                 -> requests/s
#   bare    GET /healthz (no auth, no Redis, no database)             -> requests/s
#   copy    the database's own ceiling: COPY of the same number of archive rows into a copy
#           of telematics_pings with the same indexes                 -> rows/s
# plus CPU seconds per process (gateway, postgres, redis, wrk) sampled from /proc for each
# phase, to show where the time goes. A report, never a timed assertion.
#
# Usage: scripts/bench-ingest.sh [batch-seconds (30)] [single-seconds (15)] [bare-seconds (10)]
# Env: BENCH_BATCH_CONNECTIONS (8), BENCH_SINGLE_CONNECTIONS (64),
#      BENCH_SINGLE_WIDE_CONNECTIONS (256), BENCH_VEHICLES (10000),
#      BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/fleetgate_bench_ingest, dropped
#      first), BENCH_REDIS_URL (redis://127.0.0.1:6379), BENCH_GATEWAY_BIN (a prebuilt
#      gateway instead of building this checkout), TELEMATICS_* passed through.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench-common.sh

BATCH_S="${1:-30}"
SINGLE_S="${2:-15}"
BARE_S="${3:-10}"
BATCH_C="${BENCH_BATCH_CONNECTIONS:-8}"
SINGLE_C="${BENCH_SINGLE_CONNECTIONS:-64}"
WIDE_C="${BENCH_SINGLE_WIDE_CONNECTIONS:-256}"
VEHICLES="${BENCH_VEHICLES:-10000}"
DB_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/fleetgate_bench_ingest}"
REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379}"
DB_NAME="${DB_URL##*/}"
ADMIN_URL="${DB_URL%/*}/postgres"
[[ "$DB_NAME" =~ ^[A-Za-z0-9_]+$ ]] || { echo "odd database name $DB_NAME" >&2; exit 1; }

bench_prerequisites

if [ -n "${BENCH_GATEWAY_BIN:-}" ]; then
  BIN=$BENCH_GATEWAY_BIN   # a prebuilt binary (A/B runs of two builds)
else
  echo "building release gateway…" >&2
  cargo build --release -q -p gateway
  BIN="${CARGO_TARGET_DIR:-target}/release/gateway"
fi

psql -q -X -v ON_ERROR_STOP=1 "$ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null

WORK=$(mktemp -d)
PORT=$(free_port)
cleanup() {
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null
  wait "${PID:-}" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# AUTH_FAILURES_PER_MINUTE: the per-IP invalid-key budget lives in the shared Redis; other
# runs (the contract fuzz) may have spent it, and this run presents only valid keys.
DATABASE_URL="$DB_URL" REDIS_URL="$REDIS_URL" BIND_ADDR="127.0.0.1:$PORT" AUTH_FAILURES_PER_MINUTE=1000000 \
  RUST_LOG=warn "$BIN" serve --demo >"$WORK/out" 2>"$WORK/err" &
PID=$!
wait_healthz "$PORT" || true
TENANT=$(grep -o 'id [0-9a-f-]\{36\}' "$WORK/out" | head -1 | cut -d' ' -f2)
KEY=$(DATABASE_URL="$DB_URL" RUST_LOG=error "$BIN" keys create --tenant "$TENANT" --name "bench-ingest-$(date +%s%N)" \
  --permissions all --per-minute 1000000000 --per-hour 1000000000 --per-day 1000000000 2>/dev/null)
SUB=$(psql -X -At "$DB_URL" -c "SELECT id FROM subaccounts WHERE tenant_id = '$TENANT' AND NOT sandbox ORDER BY name LIMIT 1")
psql -q -X -v ON_ERROR_STOP=1 "$DB_URL" -c "INSERT INTO vehicles (id, tenant_id, subaccount_id, vehicle_number, type, battery_percent)
  SELECT gen_random_uuid(), '$TENANT', '$SUB', 'BENCH' || lpad(g::text, 6, '0'), 'scooter', 90
  FROM generate_series(1, $VEHICLES) g; ANALYZE"
psql -X -At "$DB_URL" -c "SELECT id FROM vehicles WHERE tenant_id = '$TENANT' AND vehicle_number LIKE 'BENCH%' ORDER BY vehicle_number" >"$WORK/ids"
[ "$(wc -l <"$WORK/ids")" -eq "$VEHICLES" ] || { echo "vehicle setup failed" >&2; exit 1; }
# One ping by hand first: anything but 202 stops the run with the answer.
probe=$(curl -s -o "$WORK/probe" -w '%{http_code}' "http://127.0.0.1:$PORT/api/partner/v1/telematics/pings" \
  -H "X-Partner-Api-Key: $KEY" -H "Content-Type: application/json" \
  -d "{\"vehicle_id\":\"$(head -1 "$WORK/ids")\",\"ts\":$(( ($(date +%s) - 40000) * 1000 )),\"lat\":52.5,\"lng\":13.4}")
[ "$probe" = 202 ] || { echo "probe ping answered $probe: $(cat "$WORK/probe")" >&2; exit 1; }

# Request generators. Each wrk thread owns half of the vehicles; a vehicle's ts advances one
# second each time its thread has gone round all of its vehicles, its position ~11 m north.
cat >"$WORK/common.lua" <<'LUA'
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local base = tonumber(os.getenv("BASE_TS"))
-- PER_VEHICLE consecutive 1-second fixes of one vehicle, then the next vehicle.
local per = tonumber(os.getenv("PER_VEHICLE") or "1")
local half, first, cursor, cycle, j
function init(args)
  half = math.floor(#ids / 2)
  first = (tid or 0) * half
  cursor, cycle, j = 0, 0, 0
end
function next_ping()
  local i = first + cursor + 1
  local t = cycle * per + j
  j = j + 1
  if j >= per then
    j = 0
    cursor = cursor + 1
    if cursor >= half then cursor, cycle = 0, cycle + 1 end
  end
  local lat = 52.45 + (i % 100) * 0.001 + t * 0.0001
  local lng = 13.30 + math.floor(i / 100) * 0.001
  local battery = 100 - (t % 90)
  return string.format('{"vehicle_id":"%s","ts":%d,"lat":%.6f,"lng":%.6f,"speed_kph":14.5,"heading_deg":0,"battery_percent":%d}',
    ids[i], (base + t) * 1000, lat, lng, battery)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Partner-Api-Key"] = os.getenv("KEY")
LUA
cat >"$WORK/batch.lua" <<'LUA'
dofile(os.getenv("COMMON_LUA"))
function request()
  local parts = {}
  for n = 1, 1000 do parts[n] = next_ping() end
  return wrk.format(nil, "/api/partner/v1/telematics/pings", nil, '{"pings":[' .. table.concat(parts, ",") .. ']}')
end
LUA
cat >"$WORK/single.lua" <<'LUA'
dofile(os.getenv("COMMON_LUA"))
function request()
  return wrk.format(nil, "/api/partner/v1/telematics/pings", nil, next_ping())
end
LUA

# CPU ticks (utime + stime) of the gateway, the bench's postgres processes and redis-server.
ticks() {
  local pids=$1 total=0 p
  for p in $pids; do
    [ -r "/proc/$p/stat" ] || continue
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
# Postgres: the bench database's backends plus the shared writers (not other databases' work).
pg_pids() {
  psql -X -At "$DB_URL" -c "SELECT string_agg(pid::text, ' ') FROM pg_stat_activity
    WHERE (datname = '$DB_NAME' AND pid <> pg_backend_pid())
       OR backend_type IN ('walwriter', 'checkpointer', 'background writer')"
}
redis_pids() { pgrep -d' ' -x redis-server || true; }
HZ=$(getconf CLK_TCK)

# run NAME SECONDS CONNECTIONS SCRIPT PATH -> "rps p50_ms p99_ms non2xx cpu_gw cpu_pg cpu_redis cpu_wrk"
run() {
  local name=$1 secs=$2 conns=$3 script=$4 path=$5
  local g0 p0 r0 g1 p1 r1 out
  g0=$(ticks "$PID"); p0=$(ticks "$(pg_pids)"); r0=$(ticks "$(redis_pids)")
  local t0; t0=$(date +%s.%N)
  out=$(IDS_FILE="$WORK/ids" COMMON_LUA="$WORK/common.lua" KEY="$KEY" BASE_TS="$BASE_TS" PER_VEHICLE="${PER_VEHICLE:-1}" \
    wrk -t2 -c"$conns" -d"${secs}s" --latency ${script:+-s "$script"} "http://127.0.0.1:$PORT$path" 2>&1)
  local t1; t1=$(date +%s.%N)
  g1=$(ticks "$PID"); p1=$(ticks "$(pg_pids)"); r1=$(ticks "$(redis_pids)")
  echo "$out" >"$WORK/wrk-$name.txt"
  local stats
  stats=$(echo "$out" | awk '
    /Requests\/sec/ {rps=$2}
    function ms(v) { if (v ~ /us$/) return substr(v,1,length(v)-2)/1000; if (v ~ /ms$/) return substr(v,1,length(v)-2)+0; if (v ~ /s$/) return substr(v,1,length(v)-1)*1000; return v }
    $1=="50%" {p50=ms($2)} $1=="99%" {p99=ms($2)}
    /Non-2xx/ {bad=$NF}
    END {printf "%s %s %s %s", rps, p50, p99, (bad==""?0:bad)}')
  local wall; wall=$(echo "$t1 - $t0" | bc -l)
  # wrk's own CPU is not in /proc after it exits: estimate it as the remainder of 2 cores.
  echo "$stats $(echo "($g1-$g0)/$HZ" | bc -l) $(echo "($p1-$p0)/$HZ" | bc -l) $(echo "($r1-$r0)/$HZ" | bc -l) $wall"
}

# This machine's Postgres runs with autovacuum off (conf.d/90-ci.conf); a production server
# vacuums in the background. Between phases the webhook dispatcher (inside this gateway) is
# let finish the outbox backlog the phase derived, timed and reported, and VACUUM ANALYZE
# stands in for autovacuum, so that each phase measures its own work rather than the
# previous phase's leftovers.
# settle -> "backlog_events drain_seconds"
settle() {
  local t0 backlog n
  t0=$(date +%s.%N)
  backlog=$(psql -X -At "$DB_URL" -c "SELECT count(*) FROM events WHERE dispatched_at IS NULL")
  n=$backlog
  for _ in $(seq 1 1200); do
    [ "$n" = 0 ] && break
    sleep 0.25
    n=$(psql -X -At "$DB_URL" -c "SELECT count(*) FROM events WHERE dispatched_at IS NULL")
  done
  [ "$n" = 0 ] || echo "WARNING: $n outbox events still undispatched" >&2
  local t1; t1=$(date +%s.%N)
  psql -q -X "$DB_URL" -c "VACUUM ANALYZE" >/dev/null
  echo "$backlog $(echo "$t1 - $t0" | bc -l)"
}

NOW=$(date +%s)
BASE_TS=$((NOW - 30000))
echo "warm-up…" >&2
run warm 3 2 "$WORK/batch.lua" /api/partner/v1/telematics/pings >/dev/null
BASE_TS=$((NOW - 20000))
A0=$(psql -X -At "$DB_URL" -c "SELECT count(*) FROM telematics_pings")
E0=$(psql -X -At "$DB_URL" -c "SELECT count(*) FROM events")
echo "batch ingest (${BATCH_S}s, $BATCH_C connections, 1000 pings/request)…" >&2
read -r B_RPS B_P50 B_P99 B_BAD B_GW B_PG B_RD B_WALL <<<"$(run batch "$BATCH_S" "$BATCH_C" "$WORK/batch.lua" /api/partner/v1/telematics/pings)"
A1=$(psql -X -At "$DB_URL" -c "SELECT count(*) FROM telematics_pings")
E1=$(psql -X -At "$DB_URL" -c "SELECT count(*) FROM events")
read -r B_BACKLOG B_DRAIN <<<"$(settle)"
# The same, shaped like a fleet back-end's upload: 100 vehicles x 10 consecutive fixes.
BASE_TS=$((NOW - 15000))
echo "batch ingest, 100 vehicles x 10 fixes per request (${BATCH_S}s)…" >&2
read -r F_RPS F_P50 F_P99 F_BAD F_GW F_PG F_RD F_WALL <<<"$(PER_VEHICLE=10 run batch10 "$BATCH_S" "$BATCH_C" "$WORK/batch.lua" /api/partner/v1/telematics/pings)"
read -r F_BACKLOG F_DRAIN <<<"$(settle)"
BASE_TS=$((NOW - 10000))
echo "single-ping ingest (${SINGLE_S}s, $SINGLE_C connections)…" >&2
read -r S_RPS S_P50 S_P99 S_BAD S_GW S_PG S_RD S_WALL <<<"$(run single "$SINGLE_S" "$SINGLE_C" "$WORK/single.lua" /api/partner/v1/telematics/pings)"
settle >/dev/null
# The same with more devices reporting at once: micro-batches fill up, so each request costs
# less (single pings are bound by per-request work and by commit latency, see the docs).
BASE_TS=$((NOW - 5000))
echo "single-ping ingest (${SINGLE_S}s, $WIDE_C connections)…" >&2
read -r W_RPS W_P50 W_P99 W_BAD W_GW W_PG W_RD W_WALL <<<"$(run single_wide "$SINGLE_S" "$WIDE_C" "$WORK/single.lua" /api/partner/v1/telematics/pings)"
echo "bare handler (${BARE_S}s, 64 connections)…" >&2
read -r H_RPS H_P50 H_P99 H_BAD H_GW H_PG H_RD H_WALL <<<"$(run bare "$BARE_S" 64 "" /healthz)"

# The database's own ceiling: COPY the same number of archive rows (same columns, same
# indexes, same vehicles) as the batch phase archived, from a file, in one transaction.
ROWS=$(python3 -c "print(min(1000000, max(100000, int(float('$B_RPS') * 1000 * float('$BATCH_S')))))")
echo "COPY ceiling ($ROWS rows)…" >&2
# Client-side COPY (psql's \copy = COPY FROM STDIN over the protocol), as a client would.
psql -q -X -v ON_ERROR_STOP=1 "$DB_URL" <<SQL >/dev/null
DROP TABLE IF EXISTS bench_copy;
CREATE TABLE bench_copy (LIKE telematics_pings INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
CREATE TEMP TABLE ids AS SELECT row_number() OVER (ORDER BY vehicle_number) - 1 AS n, id FROM vehicles WHERE vehicle_number LIKE 'BENCH%';
\copy (SELECT gen_random_uuid(), '$TENANT', '$SUB', ids.id, to_timestamp($NOW - 5000 + g / $VEHICLES * 5), 52.45 + (g % 100) * 0.001, 13.3, 14.5, 0, NULL, NULL, 90, NULL, now() FROM generate_series(0, $ROWS - 1) g JOIN ids ON ids.n = g % $VEHICLES) TO '$WORK/copy.csv' WITH (FORMAT csv)
SQL
C0=$(date +%s.%N)
psql -q -X -v ON_ERROR_STOP=1 "$DB_URL" -c "\copy bench_copy FROM '$WORK/copy.csv' WITH (FORMAT csv)" >/dev/null
C1=$(date +%s.%N)
psql -q -X "$DB_URL" -c "DROP TABLE bench_copy" >/dev/null
COPY_RPS=$(echo "$ROWS / ($C1 - $C0)" | bc -l)

for pair in "batch $B_BAD" "batch10 $F_BAD" "single $S_BAD" "single_wide $W_BAD" "bare $H_BAD"; do
  set -- $pair
  [ "$2" = 0 ] || echo "WARNING: $1 had $2 non-2xx responses (see the table)" >&2
done
python3 - "$B_RPS" "$B_P50" "$B_P99" "$B_BAD" "$B_GW" "$B_PG" "$B_RD" "$B_WALL" \
  "$S_RPS" "$S_P50" "$S_P99" "$S_BAD" "$S_GW" "$S_PG" "$S_RD" "$S_WALL" \
  "$H_RPS" "$H_P50" "$H_P99" "$H_BAD" "$H_GW" "$H_PG" "$H_RD" "$H_WALL" \
  "$COPY_RPS" "$((A1 - A0))" "$((E1 - E0))" "$BATCH_S" "$BATCH_C" "$SINGLE_C" \
  "$F_RPS" "$F_P50" "$F_P99" "$F_BAD" "$F_GW" "$F_PG" "$F_RD" "$F_WALL" \
  "$B_BACKLOG" "$B_DRAIN" "$F_BACKLOG" "$F_DRAIN" \
  "$W_RPS" "$W_P50" "$W_P99" "$W_BAD" "$W_GW" "$W_PG" "$W_RD" "$W_WALL" "$WIDE_C" <<'PY'
import sys
a = sys.argv[1:]
def phase(i):
    rps, p50, p99, bad, gw, pg, rd, wall = a[i:i+8]
    return dict(rps=float(rps), p50=p50, p99=p99, bad=int(bad), gw=float(gw), pg=float(pg), rd=float(rd), wall=float(wall))
b, s, h, f, wide = phase(0), phase(8), phase(16), phase(30), phase(42)
wide_c = a[50]
copy_rps, archived, events, batch_s, batch_c, single_c = float(a[24]), int(a[25]), int(a[26]), a[27], a[28], a[29]
pings = b["rps"] * 1000
print()
print(f"{'phase':<8} {'req/s':>10} {'pings/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}   CPU s: {'gateway':>7} {'postgres':>8} {'redis':>6} {'wall':>5}")
for name, p, per in (("batch", b, 1000), ("batch10", f, 1000), ("single", s, 1), (f"single{wide_c}", wide, 1), ("bare", h, 0)):
    ps = f"{p['rps']*per:10.0f}" if per else f"{'':>10}"
    print(f"{name:<8} {p['rps']:10.1f} {ps} {p['p50']:>8} {p['p99']:>8} {p['bad']:>8}          {p['gw']:7.1f} {p['pg']:8.1f} {p['rd']:6.1f} {p['wall']:5.1f}")
print(f"{'copy':<8} {'':>10} {copy_rps:10.0f}   (COPY into a copy of telematics_pings with its indexes)")
print()
print(f"batch ingest (1000 vehicles x 1 fix):  {pings:,.0f} pings/s   (target >= 50 000)   = {pings/copy_rps:.1%} of the COPY ceiling")
print(f"batch ingest (100 vehicles x 10 fixes): {f['rps']*1000:,.0f} pings/s   = {f['rps']*1000/copy_rps:.1%} of the COPY ceiling")
b_backlog, b_drain, f_backlog, f_drain = int(a[38]), float(a[39]), int(a[40]), float(a[41])
print(f"  outbox left undispatched at the end of batch: {b_backlog:,} events, drained in {b_drain:.1f} s; after batch10: {f_backlog:,} in {f_drain:.1f} s")
print(f"  archived {archived:,} rows ({archived/max(1,pings*float(batch_s)):.0%} of pings: one per vehicle per 5 s), {events:,} derived events")
for name, p, n in (("batch", b, pings * b["wall"]), ("batch10", f, f["rps"] * 1000 * f["wall"]), ("single", s, s["rps"] * s["wall"]), (f"single{wide_c}", wide, wide["rps"] * wide["wall"])):
    if n:
        print(f"  {name}: CPU per ping: gateway {p['gw']/n*1e6:.1f} us, postgres {p['pg']/n*1e6:.1f} us, redis {p['rd']/n*1e6:.1f} us")
print(f"single-ping ingest: {s['rps']:,.0f} requests/s at {single_c} connections, {wide['rps']:,.0f} at {wide_c}   (target >= 8 000)   = {s['rps']/h['rps']:.1%} / {wide['rps']/h['rps']:.1%} of the bare handler ({h['rps']:,.0f} req/s)")
print(f"(wrk -t2; batch -c{batch_c}, single -c{single_c} and -c{wide_c}, bare -c64; Redis limiter + live fan-out, request log on)")
PY
