#!/usr/bin/env bash
# Cost of the public GBFS feed `GET /gbfs/{token}/vehicle_status.json` for one subaccount with
# 100 000 seeded vehicles (issue 21, item 3). One release gateway on a scratch database:
#
#   bytes    the body, plain and gzip (the feed scope compresses on `Accept-Encoding: gzip`)
#   first    the first request: query + JSON + render + hash (nothing cached yet)
#   rebuild  requests right after the cached file expired (ttl 30 s, rebuilt after ttl/3 =
#            10 s): query + JSON + hash; the body is kept when the data did not change
#   cached   client-measured p50/p99 of one connection, plain and gzip (`wrk -c1`)
#   load     req/s under `wrk -c$BENCH_CONNECTIONS`, plain and gzip, next to the bare
#            `GET /healthz` handler, interleaved for several rounds, medians; the rounds are
#            longer than the 10 s refresh period, so they include the rebuilds
# Never a timed assertion in tests; this is a report.
#
# Usage: scripts/bench-gbfs.sh [duration-seconds (default 12)] [rounds (default 3)]
# Environment: BENCH_VEHICLES (100000), BENCH_CONNECTIONS (16), BENCH_THREADS (2),
#   BENCH_REBUILDS (5), BENCH_PORT (default: a free port),
#   BENCH_GBFS_DATABASE_URL (default: a scratch database `fleetgate_bench_gbfs`, dropped and
#   recreated every run), BENCH_REDIS_URL, BENCH_GATEWAY_BIN (a prebuilt gateway instead of building this checkout).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench-common.sh

DURATION="${1:-12}"
ROUNDS="${2:-3}"
VEHICLES="${BENCH_VEHICLES:-100000}"
CONNS="${BENCH_CONNECTIONS:-16}"
THREADS="${BENCH_THREADS:-2}"
REBUILDS="${BENCH_REBUILDS:-5}"
SCRATCH_DB=fleetgate_bench_gbfs
DB_URL="${BENCH_GBFS_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/$SCRATCH_DB}"
REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379}"

bench_prerequisites

if [ -z "${BENCH_GBFS_DATABASE_URL:-}" ]; then
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS $SCRATCH_DB WITH (FORCE)" >/dev/null
fi

if [ -z "${BENCH_GATEWAY_BIN:-}" ]; then
  echo "building release gateway…" >&2
  cargo build --release -q -p gateway
fi
BIN="${BENCH_GATEWAY_BIN:-${CARGO_TARGET_DIR:-target}/release/gateway}"

PORT="${BENCH_PORT:-$(free_port)}"
OUT=$(mktemp); ERR=$(mktemp); BODY=$(mktemp)
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; wait "${PID:-}" 2>/dev/null || true; rm -f "$OUT" "$ERR" "$BODY"; }
trap cleanup EXIT

start_bench_gateway
TENANT=$(cli tenants create --name "bench-gbfs-$(date +%s%N)" --plan enterprise)
SUB=$(cli subaccounts create --tenant "$TENANT" --name "Berlin" --currency EUR --timezone Europe/Berlin)
echo "seeding $VEHICLES vehicles into subaccount $SUB…" >&2
cli seed --tenant "$TENANT" --subaccount "$SUB" --vehicles "$VEHICLES" --customers 0 >/dev/null
psql -q "$DB_URL" -c "VACUUM ANALYZE vehicles" >/dev/null
FEED=$(cli gbfs enable --tenant "$TENANT" --subaccount "$SUB" --contact-email opendata@example.com 2>/dev/null)
VS="${FEED%/gbfs.json}/vehicle_status.json"
URL="http://127.0.0.1:$PORT$VS"

# ms of one request (curl's total time, body discarded); $1 = extra curl args
once() { curl -sf -o /dev/null -w '%{time_total}\n' "$@" "$URL" | awk '{printf "%.1f\n", $1*1000}'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

FIRST=$(once)
curl -sf -o "$BODY" "$URL"
PLAIN_BYTES=$(stat -c %s "$BODY")
read -r LISTED AVAILABLE < <(python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))["data"]["vehicles"]
print(len(d), sum(1 for v in d if not v["is_reserved"] and not v["is_disabled"]))' "$BODY")
GZIP_BYTES=$(curl -sf -H 'Accept-Encoding: gzip' "$URL" | wc -c)
echo "first request ${FIRST} ms; $LISTED vehicles listed ($AVAILABLE available), $PLAIN_BYTES bytes plain, $GZIP_BYTES gzip" >&2

REB=""
for i in $(seq 1 "$REBUILDS"); do
  sleep 10.5   # past the refresh period (ttl 30 s / 3)
  t=$(once); REB+="$t "
  c=$(once)
  echo "rebuild $i: ${t} ms (the next, cached: ${c} ms)" >&2
done

# run PATH [wrk args] -> prints "rps p50_ms p99_ms non2xx MB/s"
run() {
  local path=$1; shift
  wrk --latency "$@" "http://127.0.0.1:$PORT$path" | awk '
    /Requests\/sec/ {rps=$2}
    /Transfer\/sec/ {v=$2; if (v ~ /GB$/) mb=substr(v,1,length(v)-2)*1024; else if (v ~ /MB$/) mb=substr(v,1,length(v)-2)+0; else if (v ~ /KB$/) mb=substr(v,1,length(v)-2)/1024; else mb=v/1048576}
    function ms(v) { if (v ~ /us$/) return substr(v,1,length(v)-2)/1000; if (v ~ /ms$/) return substr(v,1,length(v)-2)+0; if (v ~ /s$/) return substr(v,1,length(v)-1)*1000; return v }
    $1=="50%" {p50=ms($2)} $1=="99%" {p99=ms($2)}
    /Non-2xx/ {bad=$NF}
    END {printf "%s %s %s %s %.1f\n", rps, p50, p99, (bad==""?0:bad), mb}'
}

# One connection, nothing else running: the cached path as a client sees it.
read -r _ C1P50 C1P99 _ _ <<<"$(run "$VS" -t1 -c1 -d"${DURATION}s")"
read -r _ C1GP50 C1GP99 _ _ <<<"$(run "$VS" -t1 -c1 -d"${DURATION}s" -H 'Accept-Encoding: gzip')"
echo "one connection: plain p50 ${C1P50} ms p99 ${C1P99} ms; gzip p50 ${C1GP50} ms p99 ${C1GP99} ms" >&2

NAMES="bare plain gzip"
declare -A RPS P50 P99 MBS
for r in $(seq 1 "$ROUNDS"); do
  for name in $NAMES; do
    case $name in
      bare) line=$(run /healthz -t"$THREADS" -c"$CONNS" -d"${DURATION}s") ;;
      plain) line=$(run "$VS" -t"$THREADS" -c"$CONNS" -d"${DURATION}s") ;;
      gzip) line=$(run "$VS" -t"$THREADS" -c"$CONNS" -d"${DURATION}s" -H 'Accept-Encoding: gzip') ;;
    esac
    read -r rps p50 p99 bad mbs <<<"$line"
    [ "$bad" != "0" ] && echo "warning: $name round $r had $bad non-2xx responses" >&2
    RPS[$name]+="$rps "; P50[$name]+="$p50 "; P99[$name]+="$p99 "; MBS[$name]+="$mbs "
    echo "round $r $name: $rps req/s p50 ${p50} ms p99 ${p99} ms ${mbs} MB/s" >&2
  done
done

echo
echo "vehicle_status.json: $LISTED vehicles listed ($AVAILABLE available) of $VEHICLES seeded"
echo "bytes: $PLAIN_BYTES plain, $GZIP_BYTES gzip"
echo "first build: $FIRST ms; rebuild after expiry (median of $REBUILDS): $(echo "$REB" | median) ms [$REB]"
echo "cached, one connection: plain p50 $C1P50 ms (p99 $C1P99), gzip p50 $C1GP50 ms (p99 $C1GP99)"
printf '\n%-8s %12s %10s %10s %10s\n' handler "req/s" "p50 ms" "p99 ms" "MB/s"
for name in $NAMES; do
  printf '%-8s %12s %10s %10s %10s\n' "$name" "$(echo "${RPS[$name]}" | median)" "$(echo "${P50[$name]}" | median)" \
    "$(echo "${P99[$name]}" | median)" "$(echo "${MBS[$name]}" | median)"
done
python3 - "$(echo "${RPS[bare]}" | median)" "$(echo "${RPS[plain]}" | median)" "$(echo "${RPS[gzip]}" | median)" <<'PY'
import sys
bare, plain, gz = map(float, sys.argv[1:])
print(f"\nplain / bare = {plain/bare:.3%}   gzip / bare = {gz/bare:.3%}")
PY
echo "(wrk -t$THREADS -c$CONNS -d${DURATION}s, $ROUNDS interleaved rounds, medians; one cached file, rebuilt every 10 s during the rounds)"
