#!/usr/bin/env bash
# Benchmark of the nearby search (GET /api/partner/v1/vehicles/nearby) over 100 000 vehicles.
#
# In one run, against one release gateway on a scratch database, under the same wrk load,
# interleaved for several rounds, medians reported:
#   bare        GET /healthz                      (no auth, no database)
#   nearby500   GET /vehicles/nearby radius=500   (key from cache, EVALSHA, in-memory index)
#   nearby2000  GET /vehicles/nearby radius=2000&limit=100
# Each nearby request asks about a different random point inside the seeded area (wrk Lua
# script). Also reported: one connection's latency on the idle server and the gateway's RSS
# before and after the index loaded the tenant.
# Never a timed assertion in tests; this is a report.
#
# Usage: scripts/bench-nearby.sh [duration-seconds (default 10)] [rounds (default 3)]
# Environment: BENCH_VEHICLES (100000), BENCH_CONNECTIONS (64), BENCH_THREADS (2),
#   BENCH_GATEWAY_BIN (a prebuilt gateway instead of building this checkout),
#   BENCH_NEARBY_DATABASE_URL (default: a scratch database `fleetgate_bench_nearby`, dropped
#   and recreated every run), BENCH_REDIS_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench-common.sh

DURATION="${1:-10}"
ROUNDS="${2:-3}"
VEHICLES="${BENCH_VEHICLES:-100000}"
CONNS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
SCRATCH_DB=fleetgate_bench_nearby
DB_URL="${BENCH_NEARBY_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/$SCRATCH_DB}"
REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379}"

bench_prerequisites

# A fresh scratch database (only the default one is dropped; a database given through
# BENCH_NEARBY_DATABASE_URL is used as it is).
if [ -z "${BENCH_NEARBY_DATABASE_URL:-}" ]; then
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS $SCRATCH_DB WITH (FORCE)" >/dev/null
fi

# BENCH_GATEWAY_BIN: a prebuilt binary (A/B runs of two builds); else build this checkout.
BIN="${BENCH_GATEWAY_BIN:-${CARGO_TARGET_DIR:-target}/release/gateway}"
[ -n "${BENCH_GATEWAY_BIN:-}" ] || { echo "building release gateway…" >&2; cargo build --release -q -p gateway; }

PORT=$(free_port)
OUT=$(mktemp); ERR=$(mktemp); LUA=$(mktemp --suffix=.lua)
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; wait "${PID:-}" 2>/dev/null || true; rm -f "$OUT" "$ERR" "$LUA"; }
trap cleanup EXIT

start_bench_gateway
TENANT=$(cli tenants create --name "bench-nearby-$(date +%s%N)" --plan enterprise)
cli subaccounts create --tenant "$TENANT" --name "Bench City" --currency EUR --timezone Europe/Berlin >/dev/null
echo "seeding $VEHICLES vehicles…" >&2
cli seed --tenant "$TENANT" --vehicles "$VEHICLES" --customers 0 >/dev/null
# VACUUM sets the visibility map (as autovacuum would), so the search can use index-only scans.
psql -q "$DB_URL" -c "VACUUM ANALYZE vehicles" >/dev/null

# Where the seeder put them: the 10th-90th percentile box of the positioned, available
# vehicles, and whether they live in sandbox subaccounts (then a test key reaches them).
read -r COUNT LAT_LO LAT_HI LNG_LO LNG_HI SANDBOX < <(psql -qtA -F ' ' "$DB_URL" -c "
  SELECT count(*),
         percentile_cont(0.1) WITHIN GROUP (ORDER BY v.latitude),
         percentile_cont(0.9) WITHIN GROUP (ORDER BY v.latitude),
         percentile_cont(0.1) WITHIN GROUP (ORDER BY v.longitude),
         percentile_cont(0.9) WITHIN GROUP (ORDER BY v.longitude),
         coalesce(bool_and(s.sandbox), false)
  FROM vehicles v JOIN subaccounts s ON s.id = v.subaccount_id
  WHERE v.tenant_id = '$TENANT' AND v.latitude IS NOT NULL AND v.status = 'available'")
if [ "${COUNT:-0}" -eq 0 ]; then
  echo "the seeder created no available vehicles with a position for tenant $TENANT" >&2
  exit 1
fi
MODE=live; [ "$SANDBOX" = "t" ] && MODE=test
# A key whose limits cannot trip during the run (default permissions include vehicles:read).
KEY=$(cli keys create --tenant "$TENANT" --name "bench-$(date +%s%N)" --mode "$MODE" \
  --per-minute 1000000000 --per-hour 1000000000 --per-day 1000000000 2>/dev/null)

NEARBY=/api/partner/v1/vehicles/nearby
# Random points in the box, one per request.
cat >"$LUA" <<LUA
math.randomseed(42)
local key = "$KEY"
local query = os.getenv("NEARBY_QUERY") or "radius=500"
request = function()
  local lat = $LAT_LO + math.random() * ($LAT_HI - $LAT_LO)
  local lng = $LNG_LO + math.random() * ($LNG_HI - $LNG_LO)
  local path = string.format("$NEARBY?lat=%.6f&lng=%.6f&%s", lat, lng, query)
  return wrk.format("GET", path, { ["X-Partner-Api-Key"] = key })
end
LUA
CLAT=$(python3 -c "print(($LAT_LO + $LAT_HI) / 2)"); CLNG=$(python3 -c "print(($LNG_LO + $LNG_HI) / 2)")
probe() {
  curl -sf "http://127.0.0.1:$PORT$NEARBY?lat=$CLAT&lng=$CLNG&$1" -H "X-Partner-Api-Key: $KEY" |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]))'
}
rss_mb() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$PID/status"; }
RSS_BEFORE=$(rss_mb)
FOUND500=$(probe "radius=500"); FOUND2000=$(probe "radius=2000&limit=100")
# The first search asks the in-memory index (NEARBY_INDEX_MAX_LAG_MS, on by default) to load
# the tenant; give it time, then warm up before measuring.
sleep 3
NEARBY_QUERY="radius=500" wrk -t1 -c4 -d3s -s "$LUA" "http://127.0.0.1:$PORT$NEARBY" >/dev/null 2>&1 || true
RSS_AFTER=$(rss_mb)
echo "gateway RSS before the first search ${RSS_BEFORE} MB, after ${RSS_AFTER} MB" >&2
# One client, one connection (keep-alive), one request at a time: the idle-server latency.
IDLE=$(NEARBY_QUERY="radius=500" wrk -t1 -c1 -d5s --latency -s "$LUA" "http://127.0.0.1:$PORT$NEARBY" |
  awk '$1=="50%" {p50=$2} $1=="99%" {p99=$2} END {print p50, p99}')
echo "idle server, one connection, radius=500: p50 p99 = $IDLE" >&2
echo "$COUNT available vehicles with a position; box lat $LAT_LO..$LAT_HI lng $LNG_LO..$LNG_HI ($MODE key)" >&2
echo "at the centre: $FOUND500 within 500 m (limit 50), $FOUND2000 within 2000 m (limit 100)" >&2


# run PATH [wrk args] -> prints "rps p50_ms p99_ms non2xx"
run() {
  local path=$1; shift
  wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "$@" "http://127.0.0.1:$PORT$path" | awk '
    /Requests\/sec/ {rps=$2}
    function ms(v) { if (v ~ /us$/) return substr(v,1,length(v)-2)/1000; if (v ~ /ms$/) return substr(v,1,length(v)-2)+0; if (v ~ /s$/) return substr(v,1,length(v)-1)*1000; return v }
    $1=="50%" {p50=ms($2)} $1=="99%" {p99=ms($2)}
    /Non-2xx/ {bad=$NF}
    END {printf "%s %s %s %s\n", rps, p50, p99, (bad==""?0:bad)}'
}

NAMES="bare nearby500 nearby2000"
declare -A RPS P50 P99
for r in $(seq 1 "$ROUNDS"); do
  for name in $NAMES; do
    case $name in
      bare) line=$(run /healthz) ;;
      nearby500) export NEARBY_QUERY="radius=500"; line=$(run "$NEARBY" -s "$LUA") ;;
      nearby2000) export NEARBY_QUERY="radius=2000&limit=100"; line=$(run "$NEARBY" -s "$LUA") ;;
    esac
    read -r rps p50 p99 bad <<<"$line"
    [ "$bad" != "0" ] && echo "warning: $name round $r had $bad non-2xx responses" >&2
    RPS[$name]+="$rps "; P50[$name]+="$p50 "; P99[$name]+="$p99 "
    echo "round $r $name: $rps req/s p50 ${p50} ms p99 ${p99} ms" >&2
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '\n%-12s %12s %10s %10s\n' handler "req/s" "p50 ms" "p99 ms"
for name in $NAMES; do
  printf '%-12s %12s %10s %10s\n' "$name" "$(echo "${RPS[$name]}" | median)" "$(echo "${P50[$name]}" | median)" "$(echo "${P99[$name]}" | median)"
done
BARE=$(echo "${RPS[bare]}" | median); N500=$(echo "${RPS[nearby500]}" | median); N2000=$(echo "${RPS[nearby2000]}" | median)
python3 - "$BARE" "$N500" "$N2000" <<'PY'
import sys
bare, n500, n2000 = map(float, sys.argv[1:])
print(f"\nnearby500 / bare = {n500/bare:.1%}   nearby2000 / bare = {n2000/bare:.1%}")
PY
echo "(wrk -t$THREADS -c$CONNS -d${DURATION}s, $ROUNDS interleaved rounds, medians; $COUNT available vehicles of $VEHICLES seeded; random points per request; Redis limiter, request log on)"
echo "one connection on the otherwise idle server, radius=500: p50 p99 = $IDLE; gateway RSS ${RSS_BEFORE} MB before the first search, ${RSS_AFTER} MB after"
