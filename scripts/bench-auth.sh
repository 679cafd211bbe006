#!/usr/bin/env bash
# Benchmark of the authenticated hot path (issues: rate limiting + request log; 22).
#
# In one run, against one release gateway with Redis (and a bare actix-web server), each
# handler under the same wrk load, interleaved for several rounds, reporting medians and ratios:
#   hello      GET /hello on a bare actix-web server (crates/bench-bare: no middleware)
#   bare       GET /healthz            (the gateway's outer layers, no auth, no Redis)
#   evalsha    GET /bench/evalsha      (bare handler doing one rate-limit EVALSHA per request,
#                                       one key)
#   me         GET /api/partner/v1/me  (key verification from cache, EVALSHA, headers,
#                                       request-log enqueue, usage from cache), one key
#   evalsha40  GET /bench/evalsha/{i}  (one EVALSHA per request, 40 keys rotating)
#   limiter40  GET /bench/limiter/{i}  (one check per request through the limiter as the
#                                       gateway makes it: concurrent checks share calls)
#   me40       /me with 40 keys rotating (a wrk Lua script), as 40 partners would
#   select40   GET /bench/evalsha_select/{i}/{vehicle}: EVALSHA over 40 keys + one
#              primary-key SELECT of a vehicle row
#   vehicle40  GET /api/partner/v1/vehicles/{id} with 40 keys rotating
# Targets: me40 / evalsha40 >= 85 %, vehicle40 / select40 >= 85 %, bare / hello >= 95 %.
# me40 / limiter40 is what the gateway costs beyond the rate limit it shares with it.
# Never a timed assertion in tests; this is a report.
#
# Usage: scripts/bench-auth.sh [duration-seconds (default 10)] [rounds (default 3)]
#   BENCH_GATEWAY_BIN=path   use this gateway binary instead of building one (and
#   BENCH_BARE_BIN=path      this bare baseline)
#   BENCH_COMPARE_BIN=path   also run a second gateway binary in the same run (its handlers
#                            reported as NAME@b, interleaved with the first): A/B of two builds;
#                            BENCH_COMPARE_HANDLERS="..." limits it to some handlers (an older
#                            build without the rotating baselines: "bare me me40 vehicle40")
#                            BENCH_COMPARE_OWN_DB=1 gives it its own scratch database (…_b),
#                            keys and vehicle: A/B of builds whose migrations differ
#   BENCH_HANDLERS="..."     a subset of the handlers above
#   BENCH_PERF="NAME ..."    `perf record -g` the gateway during each NAME's first round
#                            (the first to BENCH_PERF_OUT, default ./perf.data; the others to
#                            BENCH_PERF_OUT.NAME)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench-common.sh

DURATION="${1:-10}"
ROUNDS="${2:-3}"
CONNS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
NKEYS="${BENCH_KEYS:-40}"
DB_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/fleetgate_bench_auth}"
REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379}"
HANDLERS="${BENCH_HANDLERS:-hello bare evalsha me evalsha40 limiter40 me40 select40 vehicle40}"

bench_prerequisites

# A scratch database, recreated per run (a tenant holds at most 50 keys; the gateway migrates
# it on start).
if [ -z "${BENCH_DATABASE_URL:-}" ]; then
  psql -h 127.0.0.1 -U postgres -qtA -c "DROP DATABASE IF EXISTS fleetgate_bench_auth WITH (FORCE)" >/dev/null
fi
DB_URL_a=$DB_URL
DB_URL_b=$DB_URL
if [ -n "${BENCH_COMPARE_OWN_DB:-}" ]; then
  DB_URL_b="${DB_URL}_b"
  psql -h 127.0.0.1 -U postgres -qtA -c "DROP DATABASE IF EXISTS ${DB_URL_b##*/} WITH (FORCE)" >/dev/null
fi

TARGET="${CARGO_TARGET_DIR:-target}"
echo "building release gateway and the bare baseline…" >&2
if [ -z "${BENCH_GATEWAY_BIN:-}" ]; then cargo build --release -q -p gateway -p bench-bare; fi
[ -n "${BENCH_BARE_BIN:-}" ] || cargo build --release -q -p bench-bare
BIN="${BENCH_GATEWAY_BIN:-$TARGET/release/gateway}"
BARE_BIN="${BENCH_BARE_BIN:-$TARGET/release/bench-bare}"

WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# start_gateway BIN TAG -> sets PORT_<TAG>
start_gateway() {
  local bin=$1 tag=$2 port db_var="DB_URL_$2"
  port=$(free_port)
  DATABASE_URL="${!db_var}" REDIS_URL="$REDIS_URL" BIND_ADDR="127.0.0.1:$port" BENCH_ROUTES=true \
    RUST_LOG=warn "$bin" serve --demo >"$WORK/out.$tag" 2>"$WORK/err.$tag" &
  PIDS+=($!)
  echo $! >"$WORK/pid.$port"
  wait_healthz "$port" || true
  printf -v "PORT_$tag" '%s' "$port"
}
start_gateway "$BIN" a
SIDES=(a)
if [ -n "${BENCH_COMPARE_BIN:-}" ]; then start_gateway "$BENCH_COMPARE_BIN" b; SIDES+=(b); fi
HELLO_PORT=$(free_port)
"$BARE_BIN" "127.0.0.1:$HELLO_PORT" >/dev/null 2>&1 &
PIDS+=($!)
echo $! >"$WORK/pid.$HELLO_PORT"
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$HELLO_PORT/hello" >/dev/null && break; sleep 0.1; done

# Per database (side a's, and side b's own with BENCH_COMPARE_OWN_DB): keys whose limits cannot
# trip during the run, one for the one-key handlers (KEY_<side>) and NKEYS rotating
# (keys40.<side>), and a vehicle (VEHICLE_<side>).
for side in "${SIDES[@]}"; do
  if [ "$side" = b ] && [ -z "${BENCH_COMPARE_OWN_DB:-}" ]; then
    cp "$WORK/keys.a" "$WORK/keys.b"; cp "$WORK/keys40.a" "$WORK/keys40.b"; KEY_b=$KEY_a; VEHICLE_b=$VEHICLE_a
    continue
  fi
  db_var="DB_URL_$side" port_var="PORT_$side"
  bin=$BIN; [ "$side" = b ] && bin=$BENCH_COMPARE_BIN
  tenant=$(grep -o 'id [0-9a-f-]\{36\}' "$WORK/out.$side" | head -1 | cut -d' ' -f2)
  : >"$WORK/keys.$side"
  for i in $(seq 0 "$NKEYS"); do
    DATABASE_URL="${!db_var}" RUST_LOG=error "$bin" keys create --tenant "$tenant" --name "bench-$(date +%s%N)-$i" \
      --per-minute 1000000000 --per-hour 1000000000 --per-day 1000000000 2>/dev/null >>"$WORK/keys.$side"
  done
  printf -v "KEY_$side" '%s' "$(head -1 "$WORK/keys.$side")"
  tail -n +2 "$WORK/keys.$side" >"$WORK/keys40.$side"
  key_var="KEY_$side"
  printf -v "VEHICLE_$side" '%s' "$(curl -sf "http://127.0.0.1:${!port_var}/api/partner/v1/vehicles?limit=1" \
    -H "X-Partner-Api-Key: ${!key_var}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id"])')"
done
for side in "${SIDES[@]}"; do
  port_var="PORT_$side" key_var="KEY_$side" vehicle_var="VEHICLE_$side" db_var="DB_URL_$side"
  # Fresh tables carry no statistics until autovacuum gets to them (up to a minute): analyse
  # now, so every round runs the plans a live database would.
  psql -X -q "${!db_var}" -c ANALYZE >/dev/null
  for k in $(cat "$WORK/keys.$side"); do # warm each gateway's key cache
    curl -sf "http://127.0.0.1:${!port_var}/api/partner/v1/me" -H "X-Partner-Api-Key: $k" >/dev/null
  done
  curl -sf "http://127.0.0.1:${!port_var}/api/partner/v1/vehicles/${!vehicle_var}" -H "X-Partner-Api-Key: ${!key_var}" >/dev/null
  # The wire id is the row's UUID.
  if [[ " $HANDLERS " == *" select40 "* ]]; then
    curl -sf "http://127.0.0.1:${!port_var}/bench/evalsha_select/0/${!vehicle_var}" >/dev/null ||
      { echo "bench/evalsha_select found no vehicle ${!vehicle_var}" >&2; exit 1; }
  fi
done

# Rotates NKEYS keys (header) or NKEYS slots (path) per request, each thread from its own start.
cat >"$WORK/rotate.lua" <<'LUA'
local keys, i = {}, 0
local mode, base = os.getenv("ROTATE_MODE"), os.getenv("ROTATE_PATH")
for line in io.lines(os.getenv("ROTATE_KEYS")) do keys[#keys + 1] = line end
function setup(thread) thread:set("start", math.random(#keys)) end
function init(args) i = start or 0 end
function request()
  i = i % #keys + 1
  if mode == "header" then
    return wrk.format("GET", base, { ["X-Partner-Api-Key"] = keys[i] })
  end
  return wrk.format("GET", string.format(base, i - 1))
end
LUA

# CPU ticks (utime + stime) of some processes; Postgres = the bench database's backends plus
# the shared writers; Redis is shared with whatever else uses it on this machine.
ticks() {
  local total=0 p
  for p in $1; do
    [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
pg_pids() { # pg_pids DB_URL
  psql -X -At "$1" -c "SELECT string_agg(pid::text, ' ') FROM pg_stat_activity
    WHERE (datname = '${1##*/}' AND pid <> pg_backend_pid())
       OR backend_type IN ('walwriter', 'checkpointer', 'background writer')"
}
HZ=$(getconf CLK_TCK)

# run PORT PATH [wrk args…] -> prints "rps p50_ms p99_ms non2xx gw_us pg_us redis_us" (CPU µs
# per request of the gateway on PORT, Postgres (side $SIDE's database) and Redis)
run() {
  local port=$1 path=$2; shift 2
  local gw g0 p0 r0 g1 p1 r1 stats db_var="DB_URL_$SIDE"
  gw=$(cat "$WORK/pid.$port" 2>/dev/null || true)
  g0=$(ticks "$gw"); p0=$(ticks "$(pg_pids "${!db_var}")"); r0=$(ticks "$(pgrep -d' ' -x redis-server || true)")
  stats=$(wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "$@" "http://127.0.0.1:$port$path" | awk '
    /Requests\/sec/ {rps=$2}
    function ms(v) { if (v ~ /us$/) return substr(v,1,length(v)-2)/1000; if (v ~ /ms$/) return substr(v,1,length(v)-2)+0; if (v ~ /s$/) return substr(v,1,length(v)-1)*1000; return v }
    $1=="50%" {p50=ms($2)} $1=="99%" {p99=ms($2)}
    /Non-2xx/ {bad=$NF}
    END {printf "%s %s %s %s", rps, p50, p99, (bad==""?0:bad)}')
  g1=$(ticks "$gw"); p1=$(ticks "$(pg_pids "${!db_var}")"); r1=$(ticks "$(pgrep -d' ' -x redis-server || true)")
  read -r rps _ <<<"$stats"
  echo "$stats $(python3 -c "n=max(1.0,$rps*$DURATION)/1e6; print(f'{($g1-$g0)/$HZ/n:.1f} {($p1-$p0)/$HZ/n:.1f} {($r1-$r0)/$HZ/n:.1f}')")"
}
rotate() { # rotate PORT MODE PATH-OR-FORMAT
  ROTATE_MODE=$2 ROTATE_PATH=$3 ROTATE_KEYS="$WORK/keys40.$SIDE" run "$1" / -s "$WORK/rotate.lua"
}
measure() { # measure NAME PORT (of side $SIDE)
  local key_var="KEY_$SIDE" vehicle_var="VEHICLE_$SIDE"
  case $1 in
    hello) run "$HELLO_PORT" /hello ;;
    bare) run "$2" /healthz ;;
    evalsha) run "$2" /bench/evalsha ;;
    me) run "$2" /api/partner/v1/me -H "X-Partner-Api-Key: ${!key_var}" ;;
    evalsha40) rotate "$2" path "/bench/evalsha/%d" ;;
    limiter40) rotate "$2" path "/bench/limiter/%d" ;;
    me40) rotate "$2" header /api/partner/v1/me ;;
    select40) rotate "$2" path "/bench/evalsha_select/%d/${!vehicle_var}" ;;
    vehicle40) rotate "$2" header "/api/partner/v1/vehicles/${!vehicle_var}" ;;
  esac
}

declare -A RPS P50 P99 CGW CPG CRD
NAMES=()
for r in $(seq 1 "$ROUNDS"); do
  for name in $HANDLERS; do
    for side in "${SIDES[@]}"; do
      [ "$name" = hello ] && [ "$side" = b ] && continue
      [ "$side" = b ] && [[ " ${BENCH_COMPARE_HANDLERS:-$HANDLERS} " != *" $name "* ]] && continue
      label=$name; [ "$side" = b ] && label="$name@b"
      [ "$r" = 1 ] && NAMES+=("$label")
      port_var="PORT_$side"
      if [[ " ${BENCH_PERF:-} " == *" $label "* ]] && [ "$r" = 1 ]; then
        perf_out="${BENCH_PERF_OUT:-perf.data}"
        [ "$label" = "${BENCH_PERF%% *}" ] || perf_out="$perf_out.$label"
        perf record -F 499 -g -p "$(cat "$WORK/pid.${!port_var}")" -o "$perf_out" \
          -- sleep "$DURATION" >/dev/null 2>&1 &
      fi
      SIDE=$side
      line=$(measure "$name" "${!port_var}")
      read -r rps p50 p99 bad cgw cpg crd <<<"$line"
      [ "$bad" != "0" ] && echo "warning: $label round $r had $bad non-2xx responses" >&2
      RPS[$label]+="$rps "; P50[$label]+="$p50 "; P99[$label]+="$p99 "
      CGW[$label]+="$cgw "; CPG[$label]+="$cpg "; CRD[$label]+="$crd "
      echo "round $r $label: $rps req/s p50 ${p50} ms p99 ${p99} ms; CPU us/req gateway $cgw postgres $cpg redis $crd" >&2
    done
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '\n%-14s %12s %10s %10s   %s\n' handler "req/s" "p50 ms" "p99 ms" "CPU us/req: gateway postgres redis"
: >"$WORK/medians"
for name in "${NAMES[@]}"; do
  m=$(echo "${RPS[$name]}" | median)
  echo "$name $m ${RPS[$name]}" >>"$WORK/medians"
  printf '%-14s %12s %10s %10s   %7s %8s %5s\n' "$name" "$m" "$(echo "${P50[$name]}" | median)" "$(echo "${P99[$name]}" | median)" \
    "$(echo "${CGW[$name]}" | median)" "$(echo "${CPG[$name]}" | median)" "$(echo "${CRD[$name]}" | median)"
done
python3 - "$WORK/medians" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
m = dict((r[0], float(r[1])) for r in rows)
# req/s of each round, in order: handlers are interleaved, so a round's ratio compares
# measurements seconds apart and cancels the box's slower drifts.
per_round = dict((r[0], [float(v) for v in r[2:]]) for r in rows)
def round_ratios(n, d):
    pairs = [a / b for a, b in zip(per_round[n], per_round[d]) if b > 0]
    pairs.sort()
    return pairs, (pairs[(len(pairs) - 1) // 2] if pairs else 0.0)
print()
for suffix in ("", "@b"):
    for num, den, target in (("bare", "hello", "95%"), ("me", "evalsha", "85%"), ("me40", "evalsha40", "85%"),
                             ("vehicle40", "select40", "85%"), ("me40", "limiter40", None),
                             ("evalsha", "bare", None), ("me", "bare", None)):
        n, d = num + suffix, den + suffix
        if d not in m:  # e.g. an older build without the rotating baselines: use the first's
            d = den
        if n in m and d in m and m[d] > 0:
            t = f"   (target >= {target})" if target else ""
            rounds, med = round_ratios(n, d)
            r = ""
            if len(rounds) > 1:
                r = f"   per round {' '.join(f'{x:.1%}' for x in rounds)}, median {med:.1%}"
            print(f"{n} / {d} = {m[n] / m[d]:.1%}{t}{r}")
PY
echo "(wrk -t$THREADS -c$CONNS -d${DURATION}s, $ROUNDS interleaved rounds, medians; $NKEYS keys rotating for *40; Redis limiter, request log on)"
