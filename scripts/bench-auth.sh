#!/usr/bin/env bash
# Benchmark of the authenticated hot path (issue: rate limiting + request log).
#
# In one run, against one release gateway with Redis: three handlers under the same wrk load,
# interleaved for several rounds, reporting medians and ratios:
#   bare     GET /healthz            (no auth, no Redis)
#   evalsha  GET /bench/evalsha      (bare handler doing one rate-limit EVALSHA)
#   me       GET /api/partner/v1/me  (key verification from cache, EVALSHA, headers,
#                                     request-log enqueue, usage from cache)
# Target: me >= 85 % of evalsha. Never a timed assertion in tests; this is a report.
#
# Usage: scripts/bench-auth.sh [duration-seconds (default 10)] [rounds (default 3)]
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${1:-10}"
ROUNDS="${2:-3}"
CONNS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
DB_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/fleetgate_bench}"
REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379}"

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package)" >&2
  apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }
fi
pg_isready -h 127.0.0.1 -p 5432 >/dev/null || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no

echo "building release gateway…" >&2
cargo build --release -q -p gateway
BIN="${CARGO_TARGET_DIR:-target}/release/gateway"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
OUT=$(mktemp); ERR=$(mktemp)
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; wait "${PID:-}" 2>/dev/null || true; rm -f "$OUT" "$ERR"; }
trap cleanup EXIT

DATABASE_URL="$DB_URL" REDIS_URL="$REDIS_URL" BIND_ADDR="127.0.0.1:$PORT" BENCH_ROUTES=true \
  RUST_LOG=warn "$BIN" serve --demo >"$OUT" 2>"$ERR" &
PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
TENANT=$(grep -o 'id [0-9a-f-]\{36\}' "$OUT" | head -1 | cut -d' ' -f2)
# A key whose limits cannot trip during the run.
KEY=$(DATABASE_URL="$DB_URL" RUST_LOG=error "$BIN" keys create --tenant "$TENANT" --name "bench-$(date +%s%N)" \
  --per-minute 1000000000 --per-hour 1000000000 --per-day 1000000000 2>/dev/null)
curl -sf "http://127.0.0.1:$PORT/api/partner/v1/me" -H "X-Partner-Api-Key: $KEY" >/dev/null

# run NAME PATH [header] -> prints "rps p50_ms p99_ms"
run() {
  local path=$1; shift
  wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "$@" "http://127.0.0.1:$PORT$path" | awk '
    /Requests\/sec/ {rps=$2}
    function ms(v) { if (v ~ /us$/) return substr(v,1,length(v)-2)/1000; if (v ~ /ms$/) return substr(v,1,length(v)-2)+0; if (v ~ /s$/) return substr(v,1,length(v)-1)*1000; return v }
    $1=="50%" {p50=ms($2)} $1=="99%" {p99=ms($2)}
    /Non-2xx/ {bad=$NF}
    END {printf "%s %s %s %s\n", rps, p50, p99, (bad==""?0:bad)}'
}

declare -A RPS P50 P99
for r in $(seq 1 "$ROUNDS"); do
  for name in bare evalsha me; do
    case $name in
      bare) line=$(run /healthz) ;;
      evalsha) line=$(run /bench/evalsha) ;;
      me) line=$(run /api/partner/v1/me -H "X-Partner-Api-Key: $KEY") ;;
    esac
    read -r rps p50 p99 bad <<<"$line"
    [ "$bad" != "0" ] && echo "warning: $name round $r had $bad non-2xx responses" >&2
    RPS[$name]+="$rps "; P50[$name]+="$p50 "; P99[$name]+="$p99 "
    echo "round $r $name: $rps req/s p50 ${p50} ms p99 ${p99} ms" >&2
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '\n%-10s %12s %10s %10s\n' handler "req/s" "p50 ms" "p99 ms"
for name in bare evalsha me; do
  printf '%-10s %12s %10s %10s\n' "$name" "$(echo "${RPS[$name]}" | median)" "$(echo "${P50[$name]}" | median)" "$(echo "${P99[$name]}" | median)"
done
BARE=$(echo "${RPS[bare]}" | median); EVAL=$(echo "${RPS[evalsha]}" | median); ME=$(echo "${RPS[me]}" | median)
python3 - "$BARE" "$EVAL" "$ME" <<'PY'
import sys
bare, ev, me = map(float, sys.argv[1:])
print(f"\nme / evalsha = {me/ev:.1%}   (target >= 85%)")
print(f"evalsha / bare = {ev/bare:.1%}   me / bare = {me/bare:.1%}")
PY
echo "(wrk -t$THREADS -c$CONNS -d${DURATION}s, $ROUNDS interleaved rounds, medians; Redis limiter, request log on)"
